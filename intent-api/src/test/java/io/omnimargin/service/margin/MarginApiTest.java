package io.omnimargin.service.margin;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The margin engine through the real service, with intake gated by the pre-trade check. Default
 * risk configuration: ETH on Ethereum (m 0.99), USDC on Arbitrum (the hub, m 1). The clock only
 * moves forward here: the engine ignores a price older than the one it has.
 */
@QuarkusTest
@TestProfile(MarginApiTest.GateOn.class)
class MarginApiTest {
  public static class GateOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("omnimargin.margin.gate-intake", "true");
    }
  }

  @Inject MutableClock clock;
  @Inject MarginEngine engine;

  @TestHTTPResource("/v1/accounts")
  URL accounts;

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

  void prices(String eth) {
    long now = clock.instant().getEpochSecond();
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\""
                + eth
                + "\",\"publishTime\":"
                + now
                + "},"
                + "{\"asset\":\"USDC\",\"price\":\"1\",\"publishTime\":"
                + now
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200)
        .body("applied", equalTo(2));
  }

  static String account(PrivateKey key) {
    return "/v1/accounts/" + key.address().toChecksumHex();
  }

  private PrivateKey funded(int n, String usdc) {
    PrivateKey key = SignedOrders.key(n);
    fund(key, "1", "ETH", "10");
    fund(key, "42161", "USDC", usdc);
    return key;
  }

  @Test
  void anOrderIsAcceptedWithCollateralAndRefusedWithout() {
    prices("3000");
    PrivateKey key = funded(601, "20000");
    given()
        .get(account(key))
        .then()
        .statusCode(200)
        .body("avMaintenance", equalTo("47815")) // 28,215 + 19,600
        .body("health", equalTo("healthy"))
        .body("collateral.find { it.asset == 'ETH' }.messagingDiscount", equalTo("0.99"))
        .body("collateral.find { it.asset == 'ETH' }.weightMaintenance", equalTo("0.9405"))
        .body("collateral.find { it.asset == 'ETH' }.valueMaintenance", equalTo("28215"))
        .body("collateral.find { it.asset == 'USDC' }.messagingDiscount", equalTo("1"));

    submit(Wallet.signed(key, Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 5, 3000))))
        .statusCode(202);
    given().get(account(key)).then().body("openReservations", equalTo(1));

    submit(Wallet.signed(key, Wallet.order(key, 2, SignedOrders.buy("ETH-PERP", 1000, 3000))))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("insufficient-margin"))
        .body("imrAfter", equalTo("301500")) // (1,000 + the reserved 5) · 3,000 · 10%
        .body("avInitial", notNullValue())
        .body("shortfall", notNullValue());

    PrivateKey broke = SignedOrders.key(602);
    submit(Wallet.signed(broke, Wallet.order(broke, 1, SignedOrders.buy("ETH-PERP", 1, 3000))))
        .statusCode(422)
        .body("code", equalTo("insufficient-margin"));
  }

  @Test
  void aWithdrawalThatWouldBreakInitialMarginIsRefused() {
    prices("3000");
    PrivateKey key = funded(603, "20000");
    // AV_i 43,845 (25,245 + 18,600) holds IMR 36,000 for 120 ETH-PERP.
    submit(Wallet.signed(key, Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 120, 3000))))
        .statusCode(202);
    CollateralWithdrawal allEth =
        new CollateralWithdrawal(
            Uint256.of(1),
            Bytes32.ZERO,
            Uint256.of(BigInteger.TEN.pow(19)),
            Bytes32.leftPad(new byte[] {7}));

    submit(Wallet.signed(key, Wallet.order(key, 2, allEth)))
        .statusCode(422)
        .body("code", equalTo("insufficient-margin"))
        .body("imrAfter", equalTo("36000"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"withdrawal\":{\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"10\"}}")
        .post(account(key) + "/margin-check")
        .then()
        .statusCode(200)
        .body("accepted", equalTo(false))
        .body("reason", equalTo("INSUFFICIENT_MARGIN"));

    CollateralWithdrawal oneEth =
        new CollateralWithdrawal(
            Uint256.of(1),
            Bytes32.ZERO,
            Uint256.of(BigInteger.TEN.pow(18)),
            Bytes32.leftPad(new byte[] {7}));
    submit(Wallet.signed(key, Wallet.order(key, 3, oneEth))).statusCode(202);
  }

  @Test
  void aPriceDropCallsThenDeleveragesThenLiquidates() throws Exception {
    prices("3000");
    PrivateKey key = funded(604, "20000");
    Address owner = key.address();
    engine.onFill(
        owner,
        "ETH-PERP",
        Wad.of("100"),
        Wad.of("3000"),
        Owners.intent("test fill")); // fills arrive with the auction
    Iterator<String> events = sse(key);

    prices("2700"); // AV_m 14,993.5: under 1.25 · MMR (16,875), over MMR (13,500)
    given().get(account(key)).then().body("health", equalTo("call"));
    assertThat(events.next()).contains("\"type\":\"MarginCall\"");

    clock.advance(Duration.ofSeconds(300)); // the grace period passes in the call band
    prices("2700");
    assertThat(events.next())
        .contains("\"type\":\"Deleverage\"")
        .contains("\"market\":\"ETH-PERP\"");
    given().get(account(key)).then().body("positions[0].size", equalTo("75"));

    prices("2400");
    assertThat(events.next())
        .contains("\"type\":\"LiquidationStarted\"")
        .contains("bankruptcyPrice");
    assertThat(events.next()).contains("\"type\":\"Liquidation\"").contains("\"deleveraged\":[]");
    // the test's one-sided fill has no opposite position to deleverage against, so the position
    // is left; it is placed again and, the deficit paid, the insurance fund takes it at the mark
    assertThat(events.next()).contains("\"type\":\"LiquidationStarted\"");
    assertThat(events.next()).contains("\"type\":\"Liquidation\"").contains("\"deficit\":0");
    given()
        .get(account(key))
        .then()
        .body("health", equalTo("liquidatable"))
        .body("positions", hasSize(0));
  }

  @Test
  void aRouteGoingDownLiquidatesTheAccountThatDependedOnIt() throws InterruptedException {
    prices("3000");
    PrivateKey key = funded(605, "5000");
    engine.onFill(
        key.address(), "ETH-PERP", Wad.of("40"), Wad.of("3000"), Owners.intent("test fill"));
    given().get(account(key)).then().body("health", equalTo("healthy"));
    try {
      given()
          .contentType(ContentType.JSON)
          .body("{\"chainId\":\"1\",\"live\":false}")
          .post("/v1/dev/routes")
          .then()
          .statusCode(200)
          .body("revalued", notNullValue());
      // offered to solvers for the liquidation window, then taken by the insurance fund
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!given().get(account(key)).then().extract().path("positions.size()").equals(0)
          && System.nanoTime() < deadline) {
        Thread.sleep(25);
      }

      given()
          .get(account(key))
          .then()
          .body("health", equalTo("liquidatable"))
          .body("positions", hasSize(0))
          .body("lastCause", equalTo("route 1 down"))
          .body("collateral.find { it.asset == 'ETH' }.messagingDiscount", equalTo("0"));
    } finally {
      given()
          .contentType(ContentType.JSON)
          .body("{\"chainId\":\"1\",\"live\":true}")
          .post("/v1/dev/routes");
    }
  }

  private Iterator<String> sse(PrivateKey key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(accounts + "/" + key.address().toChecksumHex() + "/events"))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(20))
            .build();
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body().filter(l -> l.startsWith("data:")).iterator();
  }
}
