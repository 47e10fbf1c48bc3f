package io.omnimargin.service.web;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.RawHttp;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every API answer, success or problem, tells browsers not to sniff its type and caches not to keep
 * it.
 */
@QuarkusTest
class ResponseHeadersTest {

  static void hardened(ValidatableResponse response) {
    response.header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
  }

  @Test
  void answersAndProblemsCarryTheHeaders() {
    PrivateKey key = SignedOrders.key(451);
    hardened(
        submit(Wallet.signed(key, Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000))))
            .statusCode(202));
    hardened(given().get("/v1/settlement").then().statusCode(200));
    hardened(given().get("/v1/intents/0x" + "ab".repeat(32)).then().statusCode(404));
    hardened(given().get("/v1/solvers/session").then().statusCode(426));
  }

  @Test
  void answersOfTheGuardsCarryTheHeaders() throws Exception {
    for (RawHttp.Answer answer :
        List.of(
            RawHttp.post(RestAssured.port, "/v1/dev/collateral", Map.of(), "{}"),
            RawHttp.post(
                RestAssured.port,
                "/v1/dev/collateral",
                Map.of("Content-Type", "application/json"),
                "x".repeat(20_000)))) {
      assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(answer.header("cache-control")).isEqualTo("no-store");
    }
  }
}
