package io.omnimargin.service.margin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.service.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A price published ahead of the hub's clock is refused: one such push would otherwise stand above
 * every later, correct tick, which the engine then ignores as out of order.
 */
@QuarkusTest
class OracleFutureTimeTest {
  @Inject MutableClock clock;
  @Inject MarginEngine engine;

  private static ValidatableResponse push(String asset, String price, long publishTime) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\""
                + asset
                + "\",\"price\":\""
                + price
                + "\",\"publishTime\":"
                + publishTime
                + "}]}")
        .post("/v1/oracle/prices")
        .then();
  }

  private Price sol() {
    return engine.price("SOL").orElseThrow();
  }

  @Test
  void aMillisecondTimestampIsRefusedWithAHintAndLaterTicksStillApply() {
    long now = clock.instant().getEpochSecond();
    push("SOL", "150", now - 10).statusCode(200);

    push("SOL", "151", clock.millis())
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("future-publish-time"))
        .body("field", equalTo("prices[0].publishTime"))
        .body("detail", containsString("milliseconds"));
    push("SOL", "152", now + 3600).statusCode(422).body("code", equalTo("future-publish-time"));

    push("SOL", "153", now).statusCode(200).body("applied", equalTo(1));
    assertThat(sol().usd()).isEqualTo(Wad.of("153"));
    assertThat(sol().publishTime()).isEqualTo(now);
  }

  @Test
  void aSmallSkewAheadOfTheClockIsTolerated() {
    long now = clock.instant().getEpochSecond();
    push("WBTC", "60000", now + 5).statusCode(200);
    assertThat(engine.price("WBTC").orElseThrow().usd()).isEqualTo(Wad.of("60000"));
  }
}
