package io.omnimargin.service.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Set;

/**
 * The state the fuzzer attacks, built through the API: a funded trader with three live intents (X
 * auctioning with its window over, so the first valid bid wins it; Y to cancel; Z awarded to the
 * solver and waiting for its fill), a funded, registered solver, fresh prices; and a valid request
 * for every POST endpoint, each taken as far into the endpoint's checks as the fixture allows (no
 * chain runs, so a front stops at "no settlement for chain 137", after its body and signature).
 */
final class Fixture {
  static final PrivateKey TRADER = SignedOrders.key(1_601_601);
  static final PrivateKey SOLVER = SignedOrders.key(1_601_602);
  static final PrivateKey FAUCET = SignedOrders.key(1_601_603);
  static final int LIMIT = 16_384;
  static final int BATCH_LIMIT = 33_792;

  /**
   * The service's settings for the fuzzer: the fixture's solver allowed; rate limits out of the
   * way, so that requests reach the checks behind them; a short body timeout, so that a body that
   * never comes is answered within a try; a one-day fill window, so that no timer changes the state
   * between a request and the check that it changed nothing, and no funding settles during a run
   * (at every multiple of its interval on the clock).
   */
  static final List<String> SETTINGS =
      List.of(
          "-Domnimargin.solvers.allow=" + SOLVER.address().toChecksumHex(),
          "-Domnimargin.solvers.bond=5000",
          "-Domnimargin.auction.window=1s",
          "-Domnimargin.auction.fill-window=1d",
          "-Domnimargin.clearing.funding-interval=8760H",
          "-Domnimargin.intake.body-timeout=1s",
          "-Domnimargin.intake.per-ip-per-second=1000000",
          "-Domnimargin.intake.per-ip-burst=1000000",
          "-Domnimargin.intake.per-user-per-second=1000000",
          "-Domnimargin.intake.per-user-burst=1000000",
          "-Domnimargin.intake.max-open-per-user=100000",
          "-Domnimargin.auction.quotes-per-ip-per-second=1000000",
          "-Domnimargin.auction.quotes-per-ip-burst=1000000");

  final ServiceProcess service;
  final long now = System.currentTimeMillis() / 1000;
  final long openDeadline = now + 86_400;
  final long validUntil = openDeadline + 600 + 60;
  OrderId x;
  OrderId y;
  OrderId z;
  private long pricesAt;

  Fixture(ServiceProcess service) {
    this.service = service;
  }

  /** Builds the state; the seeds are then valid. */
  Fixture build() throws InterruptedException {
    freshPrices();
    fund(TRADER);
    fund(SOLVER);
    post("/v1/solvers/registrations", SignedBodies.registration(SOLVER, now - 10)).statusCode(201);
    x = submit(1);
    y = submit(2);
    z = submit(3);
    awaitStatus(z, "AUCTIONING");
    post("/v1/auctions/" + z.toHex() + "/bids", SignedBodies.http(bidOn(z))).statusCode(202);
    awaitStatus(z, "AWARDED");
    awaitStatus(x, "AUCTIONING");
    return this;
  }

  /** A valid request for every POST endpoint of the API. */
  List<Seed> seeds() {
    String trader = TRADER.address().toChecksumHex();
    String cancel = Wallet.cancelBody(TRADER, y);
    String quote = "0x" + "5a".repeat(32);
    return List.of(
        seed("intent", "/v1/intents", null, order(4), Set.of(), "2xx"),
        seed("cancel", "/v1/intents/{param}/cancel", y.toHex(), cancel, Set.of(), "2xx"),
        seed(
            "batch-cancel",
            "/v1/intents/cancel",
            null,
            "{\"cancels\":[{\"orderId\":\"" + y.toHex() + "\"," + cancel.substring(1) + "]}",
            Set.of(),
            "2xx"),
        seed(
            "margin-check-order",
            "/v1/accounts/{param}/margin-check",
            trader,
            "{\"order\":{\"market\":\"ETH-PERP\",\"side\":\"buy\",\"size\":\"1\","
                + "\"limitPrice\":\"3000\",\"reduceOnly\":false}}",
            Set.of("/order/reduceOnly"),
            "2xx"),
        seed(
            "margin-check-withdrawal",
            "/v1/accounts/{param}/margin-check",
            trader,
            "{\"withdrawal\":{\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"1\"}}",
            Set.of(),
            "2xx"),
        seed("prices", "/v1/oracle/prices", null, prices(now), Set.of(), "2xx"),
        seed(
            "stress",
            "/v1/risk/stress",
            null,
            "{\"scenarios\":[{\"name\":\"eth-30\",\"routesDown\":[\"137\"],"
                + "\"priceShocks\":{\"ETH\":\"-0.30\"}}]}",
            // a scenario may leave out its routes, its shocks, or both: a baseline run
            Set.of(
                "/scenarios/0/routesDown",
                "/scenarios/0/routesDown/0",
                "/scenarios/0/priceShocks",
                "/scenarios/0/priceShocks/ETH"),
            "2xx"),
        seed("faucet", "/v1/dev/collateral", null, credit(FAUCET, "1"), Set.of(), "2xx"),
        // a route nobody in the fixture depends on: taking it down must not liquidate the trader,
        // whose liquidation would then run on its own timer
        seed(
            "route",
            "/v1/dev/routes",
            null,
            "{\"chainId\":\"137\",\"live\":true}",
            Set.of(),
            "2xx"),
        seed(
            "front",
            "/v1/settlement/fronts",
            null,
            SignedBodies.front(SOLVER, 137, Bytes32.leftPad(new byte[] {0x42})),
            Set.of(),
            // no chain runs here: past the body and the signature, a front stops at its chain
            "invalid-field"),
        seed(
            "registration",
            "/v1/solvers/registrations",
            null,
            SignedBodies.registration(SOLVER, now - 5),
            Set.of(),
            null),
        seed(
            "bid",
            "/v1/auctions/{param}/bids",
            x.toHex(),
            SignedBodies.http(bidOn(x)),
            Set.of(),
            null),
        seed(
            "fill",
            "/v1/auctions/{param}/fills",
            z.toHex(),
            SignedBodies.http(SignedBodies.fill(SOLVER, z, 1, 2995)),
            Set.of(),
            null),
        seed(
            "liquidation-bid",
            "/v1/liquidations/{param}/bids",
            "1",
            SignedBodies.http(liquidationBid()),
            Set.of(),
            // no account is underwater here: past the body and the signature, the bid finds none
            "not-found"),
        seed(
            "quote",
            "/v1/quotes",
            null,
            "{\"market\":\"ETH-PERP\",\"side\":\"buy\",\"size\":\"1000000000000000000\","
                + "\"deadlineMs\":1}",
            Set.of("/deadlineMs"),
            "2xx"),
        seed(
            "quote-answer",
            "/v1/quotes/{param}/answers",
            quote,
            SignedBodies.http(SignedBodies.bid(SOLVER, OrderId.parse(quote), 2995, validUntil)),
            Set.of(),
            "not-found"));
  }

  /** The solver's takeover bid on liquidation 1 of the trader, which does not exist. */
  com.fasterxml.jackson.databind.node.ObjectNode liquidationBid() {
    return SignedBodies.liquidationBid(SOLVER, 1, TRADER.address(), validUntil);
  }

  /** The solver's bid on {@code order}: 2,995 for the trader's buy at 3,000, fee 1. */
  com.fasterxml.jackson.databind.node.ObjectNode bidOn(OrderId order) {
    return SignedBodies.bid(SOLVER, order, 2995, validUntil);
  }

  /** Each seed, sent as it is, gets what it says: the fuzzer starts from valid requests. */
  void checkSeeds(List<Seed> seeds) {
    for (Seed seed : seeds) {
      if (seed.accepted() == null) {
        continue; // valid by construction; sending it would spend the fixture
      }
      ValidatableResponse r = post(seed.path(), seed.body()).log().ifValidationFails();
      if (seed.accepted().equals("2xx")) {
        r.statusCode(org.hamcrest.Matchers.lessThan(300));
      } else {
        r.body("code", org.hamcrest.Matchers.equalTo(seed.accepted()));
      }
    }
  }

  /** What a refused request must leave as it was. */
  List<String> reads() {
    return List.of(
        "/v1/accounts/" + TRADER.address().toChecksumHex(),
        "/v1/accounts/" + SOLVER.address().toChecksumHex(),
        "/v1/accounts/" + FAUCET.address().toChecksumHex(),
        "/v1/intents?limit=100&user=" + TRADER.address().toChecksumHex(),
        "/v1/auctions/" + x.toHex(),
        "/v1/auctions/" + z.toHex(),
        "/v1/settlement");
  }

  /**
   * Prices stay fresh for intake's margin check however long the run; answers whether it pushed
   * them now.
   */
  boolean keepPricesFresh() {
    if (System.currentTimeMillis() / 1000 - pricesAt < 20) {
      return false;
    }
    freshPrices();
    return true;
  }

  private void freshPrices() {
    pricesAt = System.currentTimeMillis() / 1000;
    post("/v1/oracle/prices", prices(pricesAt)).statusCode(200);
  }

  private static String prices(long at) {
    return "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":"
        + at
        + "},{\"asset\":\"USDC\",\"price\":\"1\",\"publishTime\":"
        + at
        + "}]}";
  }

  private static String credit(PrivateKey account, String eth) {
    return "{\"account\":\""
        + account.address().toChecksumHex()
        + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\""
        + eth
        + "\"}";
  }

  private void fund(PrivateKey account) {
    post("/v1/dev/collateral", credit(account, "10")).statusCode(200);
  }

  private String order(long nonce) {
    return Wallet.signed(
        TRADER,
        Wallet.ORDERS.order(TRADER, nonce, openDeadline, SignedOrders.buy("ETH-PERP", 1, 3000)));
  }

  private OrderId submit(long nonce) {
    String id = post("/v1/intents", order(nonce)).statusCode(202).extract().path("orderId");
    return OrderId.parse(id);
  }

  private void awaitStatus(OrderId id, String status) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (status.equals(api().get("/v1/intents/" + id.toHex()).then().extract().path("status"))) {
        return;
      }
      Thread.sleep(25);
    }
    assertThat(api().get("/v1/intents/" + id.toHex()).then().extract().<String>path("status"))
        .as("intent %s", id)
        .isEqualTo(status);
  }

  private static Seed seed(
      String name, String path, String param, String body, Set<String> optional, String accepted) {
    int limit = path.equals("/v1/intents/cancel") ? BATCH_LIMIT : LIMIT;
    return new Seed(name, path, param, body, optional, accepted, limit);
  }

  ValidatableResponse post(String path, String body) {
    return api().contentType(ContentType.JSON).body(body).post(path).then();
  }

  RequestSpecification api() {
    return given().baseUri(service.baseUri());
  }
}
