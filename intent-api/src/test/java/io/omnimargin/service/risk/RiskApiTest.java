package io.omnimargin.service.risk;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contagion monitor through the real service (default risk table: ETH on Ethereum h 5%, m 0.99;
 * USDC on Arbitrum h 2%, m 1; ETH-PERP mmf 5%): a stress run on known portfolios matches an
 * independent computation written here, changes nothing, refuses hostile scenarios with typed 4xx,
 * and a route past its concentration cap refuses new risk at intake with the numbers.
 */
@QuarkusTest
@TestProfile(RiskApiTest.Capped.class)
class RiskApiTest {
  public static class Capped implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "omnimargin.margin.gate-intake", "true",
          "omnimargin.risk-monitor.concentration-cap", "0.5",
          "omnimargin.risk-monitor.concentration-minimum", "0",
          "omnimargin.risk-monitor.interval", "1h");
    }
  }

  static final PrivateKey EXAMPLE = SignedOrders.key(1801); // 10 ETH, 20,000 USDC, long 5 @ 2,900
  static final PrivateKey GEARED = SignedOrders.key(1802); // 2 ETH, long 20 @ 3,000
  static final PrivateKey SAVER = SignedOrders.key(1803); // 5,000 USDC, no position
  private static boolean ready;

  @Inject MutableClock clock;
  @Inject MarginEngine engine;
  @Inject RiskSchedule schedule;

  static void fund(String account, String chainId, String asset, String amount) {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("account", account, "chainId", chainId, "asset", asset, "amount", amount))
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);
  }

  private void ledger() {
    long now = clock.instant().getEpochSecond();
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":"
                + now
                + "},{\"asset\":\"USDC\",\"price\":\"1\",\"publishTime\":"
                + now
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
    if (ready) {
      return;
    }
    ready = true;
    fund(EXAMPLE.address().toChecksumHex(), "1", "ETH", "10");
    fund(EXAMPLE.address().toChecksumHex(), "42161", "USDC", "20000");
    fund(GEARED.address().toChecksumHex(), "1", "ETH", "2");
    fund(SAVER.address().toChecksumHex(), "42161", "USDC", "5000");
    fund(ClearingParameters.INSURANCE_FUND.toChecksumHex(), "42161", "USDC", "5000");
    engine.onFill(
        EXAMPLE.address(), "ETH-PERP", Wad.of("5"), Wad.of("2900"), Owners.intent("r-example"));
    engine.onFill(
        GEARED.address(), "ETH-PERP", Wad.of("20"), Wad.of("3000"), Owners.intent("r-geared"));
  }

  /** A portfolio for the independent computation: amounts in whole units. */
  record Book(PrivateKey key, double eth, double usdc, double size, double entry) {}

  static final List<Book> BOOKS =
      List.of(
          new Book(EXAMPLE, 10, 20_000, 5, 2_900),
          new Book(GEARED, 2, 0, 20, 3_000),
          new Book(SAVER, 0, 5_000, 0, 0));

  /** AV_m − MMR and the figures behind it, from margin.md's formulas, written out here. */
  record Expected(List<String> below, double notional, double deficit) {}

  static Expected expected(double shock, boolean ethereumDown) {
    double p = 3_000 * (1 + shock);
    double m = ethereumDown ? 0 : 0.99;
    List<String> below = new java.util.ArrayList<>();
    double notional = 0;
    double deficit = 0;
    for (Book b : BOOKS) {
      double avm = b.eth() * p * 0.95 * m + b.usdc() * 0.98 + b.size() * (p - b.entry());
      double mmr = Math.abs(b.size()) * p * 0.05;
      if (avm < mmr) {
        below.add(b.key().address().toChecksumHex());
        notional += Math.abs(b.size()) * p;
        deficit += Math.max(0, -avm);
      }
    }
    return new Expected(below, notional, deficit);
  }

  private static double num(JsonPath json, String path) {
    return new BigDecimal(json.getString(path)).doubleValue();
  }

  @Test
  void aStressRunMatchesAnIndependentComputationAndChangesNothing() {
    ledger();
    String ledgerBefore = given().get("/v1/ledger").asString();
    String accountBefore =
        given().get("/v1/accounts/" + GEARED.address().toChecksumHex()).asString();
    JsonPath run =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"scenarios\":[{\"name\":\"eth-30\",\"priceShocks\":{\"ETH\":\"-0.30\"}},"
                    + "{\"name\":\"ethereum-down\",\"routesDown\":[\"1\"]},"
                    + "{\"name\":\"both\",\"routesDown\":[\"1\"],\"priceShocks\":{\"ETH\":\"-0.1\"}},"
                    + "{\"name\":\"calm\",\"priceShocks\":{\"ETH\":\"-0.01\"}}]}")
            .post("/v1/risk/stress")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    double[][] cases = {{-0.30, 0}, {0, 1}, {-0.10, 1}, {-0.01, 0}};
    for (int i = 0; i < cases.length; i++) {
      Expected e = expected(cases[i][0], cases[i][1] == 1);
      String at = "scenarios[" + i + "].";
      assertThat(run.getList(at + "accountsBelowMaintenance", String.class))
          .containsExactlyInAnyOrderElementsOf(e.below());
      assertThat(num(run, at + "notionalToPlace")).isCloseTo(e.notional(), within(1e-6));
      assertThat(num(run, at + "deficit")).isCloseTo(e.deficit(), within(1e-6));
      double available = 5_000 * 0.98; // the fund's USDC, untouched by every scenario
      assertThat(num(run, at + "insuranceFundDrawdown"))
          .isCloseTo(Math.min(e.deficit(), available), within(1e-6));
      assertThat(run.getBoolean(at + "reachesAutoDeleverage")).isEqualTo(e.deficit() > available);
    }
    // the figures the independent computation reaches for ETH −30%: the geared long is bankrupt
    assertThat(run.getBoolean("scenarios[0].reachesAutoDeleverage")).isTrue();
    assertThat(run.getList("scenarios[3].accountsBelowMaintenance")).isEmpty();
    assertThat(given().get("/v1/ledger").asString()).isEqualTo(ledgerBefore);
    assertThat(given().get("/v1/accounts/" + GEARED.address().toChecksumHex()).asString())
        .isEqualTo(accountBefore);
  }

  @Test
  void theScheduledRunAndExposureAreServedByGetRisk() {
    ledger();
    schedule.runNow();
    JsonPath risk = given().get("/v1/risk").then().statusCode(200).extract().jsonPath();
    // collateral V_m: Ethereum 28,215 + 5,643 = 33,858; Arbitrum 19,600 + 4,900 = 24,500
    assertThat(risk.getString("routes.find { it.chainId == '1' }.collateralValue"))
        .isEqualTo("33858");
    assertThat(risk.getString("routes.find { it.chainId == '42161' }.collateralValue"))
        .isEqualTo("24500");
    assertThat(risk.getString("collateralValue")).isEqualTo("58358");
    double s1 = 33_858 / 58_358.0;
    double s2 = 24_500 / 58_358.0;
    assertThat(num(risk, "concentration.hhi")).isCloseTo(s1 * s1 + s2 * s2, within(1e-9));
    assertThat(risk.getBoolean("concentration.capReached")).isTrue();
    assertThat(risk.getList("stress.scenarios.name")).contains("eth-30", "route-1-down");
    assertThat(
            risk.getList(
                "stress.scenarios.find { it.name == 'route-1-down' }.accountsBelowMaintenance",
                String.class))
        .containsExactly(GEARED.address().toChecksumHex());
    assertThat(risk.getList("correlations.rows")).contains("ETH", "USDC");

    // the geared long depends on Ethereum alone: with it down, nothing is left against MMR 3,000
    given()
        .get("/v1/risk/accounts/" + GEARED.address().toChecksumHex())
        .then()
        .statusCode(200)
        .body("avMaintenance", equalTo("5643"))
        .body("routes.size()", equalTo(1))
        .body("routes[0].chainId", equalTo("1"))
        .body("routes[0].share", equalTo("1"))
        .body("routes[0].avMaintenanceIfDown", equalTo("0"))
        .body("routes[0].belowMaintenanceIfDown", equalTo(true));
    given()
        .get("/v1/risk/accounts/0x1234")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-field"));
  }

  @Test
  void priceTicksFeedTheCorrelations() {
    ledger();
    String[] eth = {"3100", "2950", "3050", "2900", "3000"};
    for (String price : eth) {
      clock.advance(java.time.Duration.ofSeconds(60)); // a bucket a minute
      long now = clock.instant().getEpochSecond();
      given()
          .contentType(ContentType.JSON)
          .body(
              "{\"prices\":[{\"asset\":\"ETH\",\"price\":\""
                  + price
                  + "\",\"publishTime\":"
                  + now
                  + "}]}")
          .post("/v1/oracle/prices")
          .then()
          .statusCode(200);
    }
    JsonPath risk = given().get("/v1/risk").then().statusCode(200).extract().jsonPath();
    int row = risk.getList("correlations.rows").indexOf("ETH");
    int column = risk.getList("correlations.columns").indexOf("ETH");
    assertThat(risk.getDouble("correlations.values[" + row + "][" + column + "]"))
        .isCloseTo(1.0, within(1e-9));
    ledger(); // ETH back at 3,000 for the other tests
  }

  @Test
  void newRiskOnARoutePastItsCapIsRefusedAtIntakeWithTheNumbers() {
    ledger();
    schedule.runNow(); // Ethereum holds 33,858 / 58,358 = 58% of collateral value; cap 50%
    submit(Wallet.signed(EXAMPLE, Wallet.order(EXAMPLE, 1, SignedOrders.buy("ETH-PERP", 1, 3000))))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("route-concentration"))
        .body("route", equalTo("1"))
        .body("cap", equalTo("0.5"))
        .body("share", equalTo(Wad.format(Wad.divDown(Wad.of("33858"), Wad.of("58358")))))
        .body("systemCollateralValue", equalTo("58358"));
    // an account with nothing on Ethereum takes new risk as before
    submit(Wallet.signed(SAVER, Wallet.order(SAVER, 1, SignedOrders.buy("ETH-PERP", 1, 3000))))
        .statusCode(202);
    // reducing is never refused for concentration
    submit(Wallet.signed(EXAMPLE, Wallet.order(EXAMPLE, 2, reduceOneEth()))).statusCode(202);
  }

  /** Sell 1 ETH-PERP at 3,000, reduce-only. */
  static MarginOrder reduceOneEth() {
    BigInteger wad = BigInteger.TEN.pow(18);
    return new MarginOrder(
        new MarketSymbol("ETH-PERP"),
        false,
        Uint256.of(wad),
        Uint256.of(wad.multiply(BigInteger.valueOf(3000))),
        true,
        Uint256.of(1),
        Uint256.of(wad.multiply(BigInteger.TEN)));
  }

  @Test
  void hostileScenariosGetTypedRefusals() {
    String eleven =
        "{\"scenarios\":["
            + String.join(",", java.util.Collections.nCopies(11, "{\"name\":\"x\"}"))
            + "]}";
    Map<String, String> bodies =
        Map.of(
            eleven,
            "scenarios",
            "{\"scenarios\":[]}",
            "scenarios",
            "{\"scenarios\":[{\"name\":\"x\",\"priceShocks\":{\"ETH\":\"-1.5\"}}]}",
            "scenarios[0].priceShocks.ETH",
            "{\"scenarios\":[{\"name\":\"x\",\"priceShocks\":{\"DOGE\":\"-0.1\"}}]}",
            "scenarios[0].priceShocks.DOGE",
            "{\"scenarios\":[{\"name\":\"x\",\"routesDown\":[\"999\"]}]}",
            "scenarios[0].routesDown",
            "{\"scenarios\":[{\"name\":\"x\",\"routesDown\":[\"-1\"]}]}",
            "scenarios[0].routesDown",
            "{\"scenarios\":[{\"name\":\"x\",\"extra\":1}]}",
            "scenarios[0].extra",
            "{\"scenarios\":[{}]}",
            "scenarios[0].name",
            "{\"scenarios\":[{\"name\":\"x\"}],\"more\":true}",
            "more");
    bodies.forEach(
        (body, field) ->
            given()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/risk/stress")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-field"))
                .body("field", equalTo(field)));
    given()
        .contentType(ContentType.JSON)
        .body("{\"scenarios\":")
        .post("/v1/risk/stress")
        .then()
        .statusCode(400)
        .body("code", equalTo("malformed-json"));
  }
}
