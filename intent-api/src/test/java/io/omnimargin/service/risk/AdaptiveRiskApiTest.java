package io.omnimargin.service.risk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The adaptive risk numbers through the real service: several price sources form the index (an
 * outlier is excluded and shown), a volatility spike fed as index ticks raises b_eff and lowers
 * AV_i (AV_m stays), and the routes explain their m.
 */
@QuarkusTest
@TestProfile(AdaptiveRiskApiTest.FastVolatility.class)
class AdaptiveRiskApiTest {
  /** A short EWMA half-life so that a few minutes of swings read as a spike. */
  public static class FastVolatility implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "omnimargin.risk.volatility.half-life", "10m", "omnimargin.risk.index.max-sources", "5");
    }
  }

  @Inject MutableClock clock;

  void push(String asset, String price, String source) {
    String src = source == null ? "" : ",\"source\":\"" + source + "\"";
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\""
                + asset
                + "\",\"price\":\""
                + price
                + "\",\"publishTime\":"
                + clock.instant().getEpochSecond()
                + src
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
  }

  static void fund(PrivateKey key, String chainId, String asset, String amount) {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "account",
                key.address().toChecksumHex(),
                "chainId",
                chainId,
                "asset",
                asset,
                "amount",
                amount))
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);
  }

  static String eth(String account, String field) {
    return String.valueOf(
        given()
            .get(account)
            .then()
            .statusCode(200)
            .extract()
            .<Object>path("collateral.find { it.asset == 'ETH' }." + field));
  }

  @Test
  void sourcesFormTheIndexAndAnOutlierIsExcludedAndShown() {
    push("BTC", "60000", null); // the default source, as before
    push("BTC", "60100", "chainlink");
    push("BTC", "60050", "pyth");
    push("BTC", "70000", "fat-finger");
    given()
        .get("/v1/index/BTC")
        .then()
        .statusCode(200)
        .body("index", equalTo("60050"))
        .body("fresh", equalTo(true))
        .body("quorum", equalTo(1))
        .body("sigmaConfigured", equalTo(0.7f))
        .body("sources.size()", equalTo(4))
        .body("sources.find { it.source == 'push' }.status", equalTo("counts"))
        .body("sources.find { it.source == 'fat-finger' }.status", equalTo("excluded"))
        .body(
            "sources.find { it.source == 'fat-finger' }.reason",
            startsWith("16.57% from the others' median 60050"));
    given()
        .get("/v1/markets/BTC-PERP")
        .then()
        .statusCode(200)
        .body("indexPrice", equalTo("60050"))
        .body("index.sources.size()", equalTo(4));
    given()
        .get("/v1/index/DOGE")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("unknown-asset"));
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"BTC\",\"price\":\"1\",\"publishTime\":1,\"source\":\"Bad Name\"}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-field"))
        .body("field", equalTo("prices[0].source"));
  }

  @Test
  void aPushThatWouldGiveAnAssetTooManySourcesChangesNothing() {
    for (String source : new String[] {"a", "b", "c", "d"}) {
      push("SOL", "150", source);
    }
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"SOL\",\"price\":\"151\",\"publishTime\":"
                + clock.instant().getEpochSecond()
                + ",\"source\":\"e\"},{\"asset\":\"SOL\",\"price\":\"151\",\"publishTime\":"
                + clock.instant().getEpochSecond()
                + ",\"source\":\"f\"}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("too-many-price-sources"))
        .body("field", equalTo("prices[1].source"));
    given()
        .get("/v1/index/SOL")
        .then()
        .body("sources.size()", equalTo(4))
        .body("index", equalTo("150"));
  }

  @Test
  void aVolatilitySpikeRaisesTheBufferAndLowersAvInitialButNotAvMaintenance() {
    PrivateKey key = SignedOrders.key(1801);
    String account = "/v1/accounts/" + key.address().toChecksumHex();
    push("ETH", "3000", null);
    fund(key, "1", "ETH", "10");
    String avM = given().get(account).then().extract().path("avMaintenance");
    String avI = given().get(account).then().extract().path("avInitial");
    assertThat(eth(account, "effectiveBuffer")).isEqualTo("0.1");
    assertThat(eth(account, "bufferReason")).startsWith("b_eff = b 0.1 (b_req");
    for (int i = 1; i <= 6; i++) { // ±5% a minute, ending back at 3,000
      clock.advance(Duration.ofSeconds(60));
      push("ETH", i % 2 == 0 ? "3000" : "3150", null);
    }
    assertThat(new BigDecimal(eth(account, "effectiveBuffer")))
        .isGreaterThan(new BigDecimal("0.1"));
    assertThat(eth(account, "bufferReason"))
        .startsWith("b_eff ")
        .contains("(measured; configured 0.8)");
    given()
        .get(account)
        .then()
        .body("avMaintenance", equalTo(avM))
        .body("collateral.find { it.asset == 'ETH' }.weightMaintenance", equalTo("0.9405"));
    assertThat(new BigDecimal(given().get(account).then().extract().<String>path("avInitial")))
        .isLessThan(new BigDecimal(avI));
    given().get("/v1/index/ETH").then().body("sigmaUsed", org.hamcrest.Matchers.greaterThan(0.8f));
  }

  @Test
  void aRouteExplainsItsDiscount() {
    given()
        .get("/v1/routes/137")
        .then()
        .statusCode(200)
        .body("chain", equalTo("Polygon"))
        .body("live", equalTo(true))
        .body("configuredDiscount", equalTo("0.98"))
        .body("discount", equalTo("0.98"))
        .body("floorDiscount", equalTo("0.49"))
        .body("latencySeconds", equalTo(1800))
        .body("explanation", containsString("healthy"));
    given().get("/v1/routes/5").then().statusCode(404).body("code", equalTo("unknown-route"));
    given().get("/v1/routes/x").then().statusCode(400).body("code", equalTo("invalid-field"));
  }
}
