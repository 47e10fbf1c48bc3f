package io.omnimargin.service.clearing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.Api;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.solver.Award;
import io.omnimargin.solver.Bid;
import io.omnimargin.solver.Filler;
import io.omnimargin.solver.LiquidationOffer;
import io.omnimargin.solver.OpenAuction;
import io.omnimargin.solver.Solver;
import io.omnimargin.solver.SolverClient;
import io.omnimargin.solver.SolverException;
import io.omnimargin.solver.TakeoverBid;
import io.omnimargin.solver.example.ReferencePriceMaker;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Liquidations through the real service, with SDK solvers over their session sockets: a trader (1
 * ETH of collateral) buys 6 ETH-PERP from a maker at about 3,000, then ETH falls. At 2,650 the
 * account is liquidatable with equity left: a second SDK solver (the example maker, bidding at the
 * mark minus its spread) takes the positions over; with no valid bid (one over the session and one
 * over HTTP under the bankruptcy price, both refused), the insurance fund takes them at the mark.
 * At 2,400 the account is bankrupt, and with the insurance fund's floor set above what it holds,
 * auto-deleverage closes the position against the opposite ones at its bankruptcy price. After
 * each, {@code GET /v1/ledger} shows the books balanced.
 */
@QuarkusTest
@TestProfile(LiquidationApiTest.Liquidations.class)
class LiquidationApiTest {
  static final PrivateKey MAKER = PrivateKey.fromHex("0x" + "e1".repeat(32));
  static final PrivateKey RESCUER = PrivateKey.fromHex("0x" + "e2".repeat(32));
  static final PrivateKey HTTP_SOLVER = PrivateKey.fromHex("0x" + "e3".repeat(32));
  static final BigInteger WAD = BigInteger.TEN.pow(18);

  public static class Liquidations implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "omnimargin.auction.enabled", "true",
          "omnimargin.auction.window", "1s",
          "omnimargin.solvers.allow",
              String.join(
                  ",",
                  MAKER.address().toChecksumHex(),
                  RESCUER.address().toChecksumHex(),
                  HTTP_SOLVER.address().toChecksumHex()),
          "omnimargin.margin.gate-intake", "true",
          // long enough for an HTTP bid to arrive while it is open
          "omnimargin.clearing.liquidation-window", "2s",
          // the insurance fund pays no deficit: a bankruptcy is covered by auto-deleverage
          "omnimargin.clearing.insurance-floor", "1000000000");
    }
  }

  @TestHTTPResource("/")
  URL hub;

  @Inject MutableClock clock;

  @BeforeEach
  void startOfTime() {
    clock.set(MutableClock.START);
  }

  /** Opens auctions and fills what it wins, but never bids on a liquidation. */
  static final class OpeningMaker implements Solver {
    private final ReferencePriceMaker quotes =
        new ReferencePriceMaker(
            Map.of("ETH-PERP", BigInteger.valueOf(3000).multiply(WAD)), 10, WAD);

    @Override
    public Optional<Bid> bid(OpenAuction auction) {
      return quotes.bid(auction);
    }

    @Override
    public void onAward(Award award, Filler filler) {
      quotes.onAward(award, filler);
    }
  }

  /**
   * Connects an SDK solver; the SDK signs its registration on the real clock, the service takes it
   * only within minutes of its own, so its clock is the real one meanwhile (as in SdkSolversTest).
   */
  SolverClient connect(PrivateKey key, Solver solver) throws InterruptedException {
    Instant serviceTime = clock.instant();
    clock.set(Instant.now());
    try {
      SolverClient client =
          SolverClient.connect(URI.create(hub.toString()), key, Wallet.DOMAIN, "s", solver);
      await("session", client::streaming);
      return client;
    } finally {
      clock.set(serviceTime);
    }
  }

  static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  static void fund(PrivateKey account, String eth) {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"account\":\""
                + account.address().toChecksumHex()
                + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\""
                + eth
                + "\"}")
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);
  }

  static void eth(String usd) {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\""
                + usd
                + "\",\"publishTime\":"
                + MutableClock.START.getEpochSecond()
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
  }

  /** The trader, with 1 ETH, buys 6 ETH-PERP from the maker (through an auction) and holds it. */
  static PrivateKey traderLongSix(int n) throws InterruptedException {
    PrivateKey trader = SignedOrders.key(n);
    fund(trader, "1");
    String id =
        Api.submit(
                Wallet.signed(
                    trader, Wallet.order(trader, 1, SignedOrders.buy("ETH-PERP", 6, 3100))))
            .statusCode(202)
            .extract()
            .path("orderId");
    await(
        "filled",
        () -> "FILLED".equals(given().get("/v1/intents/" + id).then().extract().path("status")));
    return trader;
  }

  static String account(PrivateKey key) {
    return "/v1/accounts/" + key.address().toChecksumHex();
  }

  /** The trader's latest liquidation once completed. */
  static JsonPath completedLiquidation(PrivateKey trader) throws InterruptedException {
    await(
        "liquidation completed",
        () -> {
          List<String> states =
              given().get(account(trader) + "/liquidations").then().extract().path("state");
          return !states.isEmpty() && "completed".equals(states.get(0));
        });
    long id =
        given()
            .get(account(trader) + "/liquidations")
            .then()
            .extract()
            .jsonPath()
            .getLong("[0].id");
    return given().get("/v1/liquidations/" + id).then().statusCode(200).extract().jsonPath();
  }

  static void ledgerBalanced() throws InterruptedException {
    Thread.sleep(1_100); // the ledger view is at most a second old
    JsonPath ledger = given().get("/v1/ledger").then().statusCode(200).extract().jsonPath();
    assertThat(ledger.getString("imbalance")).isEqualTo("0");
    assertThat(ledger.getBoolean("balanced")).isTrue();
    assertThat(ledger.getString("openInterest.'ETH-PERP'.longSize"))
        .isEqualTo(ledger.getString("openInterest.'ETH-PERP'.shortSize"));
  }

  private static BigDecimal decimal(String text) {
    return new BigDecimal(text);
  }

  @Test
  void anSdkSolverTakesTheLiquidatedPositionsOverAtItsBid() throws Exception {
    fund(MAKER, "10");
    fund(RESCUER, "10");
    eth("3000");
    try (SolverClient maker = connect(MAKER, new OpeningMaker())) {
      PrivateKey trader = traderLongSix(1501);
      try (SolverClient rescuer =
          connect(
              RESCUER,
              new ReferencePriceMaker(
                  Map.of("ETH-PERP", BigInteger.valueOf(3000).multiply(WAD)), 10, WAD))) {
        eth("2650");
        JsonPath liquidation = completedLiquidation(trader);

        assertThat(liquidation.getString("takenBy")).isEqualTo("solver");
        assertThat(liquidation.getString("taker")).isEqualTo(RESCUER.address().toChecksumHex());
        assertThat(liquidation.getString("positions[0].size")).isEqualTo("6");
        assertThat(liquidation.getString("positions[0].mark")).isEqualTo("2650");
        // the example maker bids the mark less its 10 bp spread, above the bankruptcy price
        assertThat(liquidation.getString("prices.'ETH-PERP'")).isEqualTo("2647.35");
        assertThat(decimal(liquidation.getString("positions[0].bankruptcyPrice")))
            .isLessThan(new BigDecimal("2647.35"));
        assertThat(liquidation.getString("bids[0].solver"))
            .isEqualTo(RESCUER.address().toChecksumHex());
        assertThat(liquidation.getString("bids[0].status")).isEqualTo("won");
        assertThat(liquidation.getInt("bids[0].rank")).isEqualTo(1);
        assertThat(liquidation.getString("deficit")).isEqualTo("0");
      }
      given().get(account(trader)).then().body("positions.size()", equalTo(0));
      given()
          .get(account(RESCUER))
          .then()
          .body("positions[0].size", equalTo("6"))
          .body("positions[0].entryPrice", equalTo("2647.35"));
      ledgerBalanced();
    }
  }

  /** Bids a wei under each bankruptcy price, and hears why it is refused. */
  static final class LowBaller implements Solver {
    final BlockingQueue<SolverException> refused = new LinkedBlockingQueue<>();

    @Override
    public Optional<Bid> bid(OpenAuction auction) {
      return Optional.empty();
    }

    @Override
    public void onAward(Award award, Filler filler) {}

    @Override
    public Optional<TakeoverBid> onLiquidation(LiquidationOffer offer) {
      Map<String, BigInteger> prices = new java.util.HashMap<>();
      offer
          .positions()
          .forEach(p -> prices.put(p.market(), p.bankruptcyPrice().subtract(BigInteger.ONE)));
      return Optional.of(new TakeoverBid(prices, offer.closesAt().getEpochSecond() + 60));
    }

    @Override
    public void onLiquidationBidRejected(LiquidationOffer offer, SolverException reason) {
      refused.add(reason);
    }
  }

  @Test
  void withNoValidBidTheInsuranceFundTakesThePositionsAtTheMark() throws Exception {
    fund(MAKER, "10");
    eth("3000");
    registerOverHttp(HTTP_SOLVER);
    LowBaller lowBaller = new LowBaller();
    try (SolverClient maker = connect(MAKER, new OpeningMaker());
        SolverClient low = connect(RESCUER, lowBaller)) {
      PrivateKey trader = traderLongSix(1502);
      java.util.Iterator<String> stream = solverStream(HTTP_SOLVER);
      eth("2650");
      String offered = stream.next();
      assertThat(offered)
          .as("the offer on the SSE stream")
          .contains("\"type\":\"liquidation\"")
          .contains("\"account\":\"" + trader.address().toChecksumHex() + "\"")
          .contains("\"size\":\"6000000000000000000\"")
          .contains("\"bankruptcyPrice\":\"");
      await(
          "liquidation open",
          () ->
              "open"
                  .equals(
                      given()
                          .get(account(trader) + "/liquidations")
                          .then()
                          .extract()
                          .path("[0].state")));
      JsonPath open = given().get(account(trader) + "/liquidations").then().extract().jsonPath();
      long id = open.getLong("[0].id");
      BigDecimal bankruptcy = decimal(open.getString("[0].positions[0].bankruptcyPrice"));
      assertThat(open.getList("[0].bids")).as("sealed while open").isEmpty();
      bidOverHttp(trader, id, bankruptcy.subtract(BigDecimal.ONE))
          .statusCode(422)
          .body("code", equalTo("price-worse-than-bankruptcy"));

      SolverException overSession = lowBaller.refused.poll(15, TimeUnit.SECONDS);
      assertThat(overSession).as("the session's refusal").isNotNull();
      assertThat(overSession.code()).isEqualTo("price-worse-than-bankruptcy");

      JsonPath liquidation = completedLiquidation(trader);
      assertThat(liquidation.getString("takenBy")).isEqualTo("insurance-fund");
      assertThat(liquidation.getString("prices.'ETH-PERP'")).isEqualTo("2650");
      assertThat(liquidation.getList("bids.solver"))
          .containsExactlyInAnyOrder(
              RESCUER.address().toChecksumHex(), HTTP_SOLVER.address().toChecksumHex());
      assertThat(liquidation.getList("bids.status")).containsOnly("price-worse-than-bankruptcy");
      bidOverHttp(trader, id, bankruptcy.add(BigDecimal.TEN))
          .statusCode(409)
          .body("code", equalTo("liquidation-closed"));
      given().get(account(trader)).then().body("positions.size()", equalTo(0));
      ledgerBalanced();
    }
  }

  @Test
  void aBankruptcyPastTheInsuranceFloorIsCoveredByAutoDeleverage() throws Exception {
    fund(MAKER, "10");
    eth("3000");
    try (SolverClient maker = connect(MAKER, new OpeningMaker())) {
      PrivateKey trader = traderLongSix(1503);
      eth("2400"); // AV_m below zero: bankrupt

      JsonPath liquidation = completedLiquidation(trader);
      assertThat(liquidation.getString("takenBy")).isEqualTo("auto-deleverage");
      assertThat(liquidation.getString("taker")).isNull();
      String bankruptcy = liquidation.getString("positions[0].bankruptcyPrice");
      assertThat(decimal(bankruptcy)).isGreaterThan(new BigDecimal("2400"));
      assertThat(liquidation.getString("prices.'ETH-PERP'")).isEqualTo(bankruptcy);
      List<Map<String, String>> steps = liquidation.getList("deleveraged");
      assertThat(steps).isNotEmpty();
      assertThat(steps).allSatisfy(s -> assertThat(s.get("price")).isEqualTo(bankruptcy));
      assertThat(
              steps.stream()
                  .map(s -> decimal(s.get("size")))
                  .reduce(BigDecimal.ZERO, BigDecimal::add))
          .as("the whole position closed against opposite ones")
          .isEqualByComparingTo("6");
      given().get(account(trader)).then().body("positions.size()", equalTo(0));
      ledgerBalanced();
    }
  }

  /** The data lines of a registered solver's SSE stream, from now on. */
  private java.util.Iterator<String> solverStream(PrivateKey solver) throws Exception {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                URI.create(hub + "v1/solvers/" + solver.address().toChecksumHex() + "/stream"))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(20))
            .build();
    java.net.http.HttpResponse<java.util.stream.Stream<String>> response =
        java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body().filter(l -> l.startsWith("data:")).iterator();
  }

  private void registerOverHttp(PrivateKey solver) {
    long issuedAt = clock.instant().getEpochSecond();
    SolverRegistration r = new SolverRegistration(solver.address(), "http", issuedAt);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"registration\":{\"solver\":\""
                + solver.address().toChecksumHex()
                + "\",\"name\":\"http\",\"issuedAt\":"
                + issuedAt
                + "},\"signature\":\""
                + solver.sign(r.digest(Wallet.DOMAIN)).toHex()
                + "\"}")
        .post("/v1/solvers/registrations")
        .then()
        .statusCode(201);
  }

  /** A takeover of the trader's 6 ETH-PERP at {@code price}, signed by the HTTP solver. */
  private io.restassured.response.ValidatableResponse bidOverHttp(
      PrivateKey trader, long id, BigDecimal price) {
    BigInteger wad = price.movePointRight(18).toBigIntegerExact();
    LiquidationBid bid =
        new LiquidationBid(
            id,
            trader.address(),
            HTTP_SOLVER.address(),
            List.of(
                new LiquidationBid.TakenPosition(
                    new MarketSymbol("ETH-PERP"),
                    BigInteger.valueOf(6).multiply(WAD),
                    Uint256.of(wad))),
            clock.instant().getEpochSecond() + 60);
    String body =
        "{\"bid\":{\"liquidationId\":"
            + id
            + ",\"account\":\""
            + trader.address().toChecksumHex()
            + "\",\"solver\":\""
            + HTTP_SOLVER.address().toChecksumHex()
            + "\",\"positions\":[{\"market\":\"ETH-PERP\",\"size\":\""
            + BigInteger.valueOf(6).multiply(WAD)
            + "\",\"price\":\""
            + wad
            + "\"}],\"validUntil\":"
            + bid.validUntil()
            + "},\"signature\":\""
            + HTTP_SOLVER.sign(bid.digest(Wallet.DOMAIN)).toHex()
            + "\"}";
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/liquidations/" + id + "/bids")
        .then();
  }
}
