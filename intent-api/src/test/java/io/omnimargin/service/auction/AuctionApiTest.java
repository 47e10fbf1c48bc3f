package io.omnimargin.service.auction;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Auctions through the real service over HTTP: the better bid wins and its fill opens the position;
 * a winner that does not fill loses the award to the next and is suspended for fading; every bid
 * rejection reason is provoked.
 */
@QuarkusTest
@TestProfile(AuctionApiTest.Solvers.class)
class AuctionApiTest {
  static final PrivateKey SOLVER_A = PrivateKey.fromHex("0x" + "a1".repeat(32));
  static final PrivateKey SOLVER_B = PrivateKey.fromHex("0x" + "b2".repeat(32));
  static final PrivateKey SOLVER_C = PrivateKey.fromHex("0x" + "c3".repeat(32));
  static final PrivateKey STRANGER = PrivateKey.fromHex("0x" + "d4".repeat(32));
  static final BigInteger WAD = BigInteger.TEN.pow(18);

  public static class Solvers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return auctions(
          "2s",
          List.of(SOLVER_A, SOLVER_B, SOLVER_C),
          "omnimargin.auction.fill-window",
          "1500ms",
          "omnimargin.auction.min-awards-to-judge",
          "1",
          "omnimargin.auction.max-fade-rate",
          "0.5");
    }
  }

  /**
   * A test profile's overrides: auctions on with this bidding window, these solvers allowed (bond
   * 5,000), then {@code more} as key, value, key, value, …
   */
  static Map<String, String> auctions(String window, List<PrivateKey> solvers, String... more) {
    Map<String, String> config = new java.util.HashMap<>();
    config.put("omnimargin.auction.enabled", "true");
    config.put(
        "omnimargin.solvers.allow",
        solvers.stream()
            .map(k -> k.address().toChecksumHex())
            .collect(java.util.stream.Collectors.joining(",")));
    config.put("omnimargin.solvers.bond", "5000");
    config.put("omnimargin.auction.window", window);
    for (int i = 0; i < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    return config;
  }

  private static final Map<io.omnimargin.protocol.types.Address, Long> ISSUED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A fresh issuedAt for a registration: by the service's clock, and after the solver's last one
   * (the service refuses a registration that is stale or not newer than the last).
   */
  static long issuedAt(PrivateKey solver) {
    long now =
        io.quarkus.arc.Arc.container()
            .instance(java.time.Clock.class)
            .get()
            .instant()
            .getEpochSecond();
    return ISSUED.merge(solver.address(), now - 240, (last, fresh) -> Math.max(fresh, last + 1));
  }

  static void register(PrivateKey solver) {
    long issuedAt = issuedAt(solver);
    SolverRegistration r = new SolverRegistration(solver.address(), "maker", issuedAt);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"registration\":{\"solver\":\""
                + solver.address().toChecksumHex()
                + "\",\"name\":\"maker\",\"issuedAt\":"
                + issuedAt
                + "},\"signature\":\""
                + solver.sign(r.digest(Wallet.DOMAIN)).toHex()
                + "\"}")
        .post("/v1/solvers/registrations")
        .then()
        .statusCode(201)
        .body("bond", equalTo("5000"));
  }

  static ValidatableResponse bid(
      PrivateKey signer, PrivateKey solver, String orderId, long price, long fee, long validUntil) {
    return given()
        .contentType(ContentType.JSON)
        .body(bidBody(signer, solver, orderId, price, fee, validUntil))
        .post("/v1/auctions/" + orderId + "/bids")
        .then();
  }

  /**
   * {@code {"bid": {…}, "signature"}}: a SolverBid (whole USD amounts) signed by {@code signer}.
   */
  static String bidBody(
      PrivateKey signer, PrivateKey solver, String orderId, long price, long fee, long validUntil) {
    SolverBid b =
        new SolverBid(
            OrderId.parse(orderId),
            solver.address(),
            Uint256.of(BigInteger.valueOf(price).multiply(WAD)),
            Uint256.of(BigInteger.valueOf(fee).multiply(WAD)),
            validUntil);
    return "{\"bid\":{\"orderId\":\""
        + orderId
        + "\",\"solver\":\""
        + solver.address().toChecksumHex()
        + "\",\"price\":\""
        + b.price().toBigInteger()
        + "\",\"fee\":\""
        + b.fee().toBigInteger()
        + "\",\"validUntil\":"
        + validUntil
        + "},\"signature\":\""
        + signer.sign(b.digest(Wallet.DOMAIN)).toHex()
        + "\"}";
  }

  static ValidatableResponse bid(PrivateKey solver, String orderId, long price, long fee) {
    return bid(solver, solver, orderId, price, fee, 1_800_000_300L);
  }

  static ValidatableResponse fill(PrivateKey solver, String orderId, long size, long price) {
    return given()
        .contentType(ContentType.JSON)
        .body(fillBody(solver, orderId, size, price))
        .post("/v1/auctions/" + orderId + "/fills")
        .then();
  }

  /** {@code {"fill": {…}, "signature"}}: a FillReport on chain 1 signed by {@code solver}. */
  static String fillBody(PrivateKey solver, String orderId, long size, long price) {
    FillReport f =
        new FillReport(
            OrderId.parse(orderId),
            solver.address(),
            1,
            Bytes32.leftPad(new byte[] {0x7f}),
            Uint256.of(BigInteger.valueOf(size).multiply(WAD)),
            Uint256.of(BigInteger.valueOf(price).multiply(WAD)));
    return "{\"fill\":{\"orderId\":\""
        + orderId
        + "\",\"solver\":\""
        + solver.address().toChecksumHex()
        + "\",\"venueChainId\":\"1\",\"txHash\":\""
        + f.txHash().toHex()
        + "\",\"size\":\""
        + f.size().toBigInteger()
        + "\",\"price\":\""
        + f.price().toBigInteger()
        + "\"},\"signature\":\""
        + solver.sign(f.digest(Wallet.DOMAIN)).toHex()
        + "\"}";
  }

  static String order(int user, int nonce) {
    PrivateKey key = SignedOrders.key(user);
    return submit(
            Wallet.signed(key, Wallet.order(key, nonce, SignedOrders.buy("ETH-PERP", 2, 3000))))
        .statusCode(202)
        .extract()
        .path("orderId");
  }

  static String status(String orderId) {
    return given().get("/v1/intents/" + orderId).then().extract().path("status");
  }

  static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  /** 10 ETH on chain 1 through the dev faucet: a solver is a margined counterparty. */
  static void fund(PrivateKey account) {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"account\":\""
                + account.address().toChecksumHex()
                + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"10\"}")
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);
  }

  @Test
  void theBetterBidWinsAndItsFillOpensThePosition() throws Exception {
    register(SOLVER_A);
    register(SOLVER_B);
    fund(SOLVER_A);
    fund(SOLVER_B);
    // collateral and a price, so that the filled position is not liquidated on arrival
    PrivateKey trader = SignedOrders.key(701);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"account\":\""
                + trader.address().toChecksumHex()
                + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"10\"}")
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body("{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":1800000000}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
    String id = order(701, 1);
    await("auctioning", () -> "AUCTIONING".equals(status(id)));
    given()
        .get("/v1/auctions/" + id)
        .then()
        .body("status", equalTo("BIDDING"))
        .body("bids.size()", equalTo(0));
    bid(SOLVER_A, id, 2995, 2).statusCode(202);
    bid(SOLVER_B, id, 2990, 2).statusCode(202);
    await("awarded", () -> "AWARDED".equals(status(id)));
    given()
        .get("/v1/auctions/" + id)
        .then()
        .body("winner", equalTo(SOLVER_B.address().toChecksumHex()))
        .body(
            "bids.find { it.solver == '" + SOLVER_B.address().toChecksumHex() + "' }.rank",
            equalTo(1))
        .body(
            "bids.find { it.solver == '" + SOLVER_A.address().toChecksumHex() + "' }.rank",
            equalTo(2));
    // only the winner may report, and a late bid finds the auction closed
    fill(SOLVER_A, id, 2, 2990).statusCode(403).body("code", equalTo("not-the-winner"));
    bid(SOLVER_A, id, 2900, 1).statusCode(422).body("reason", equalTo("auction-closed"));
    // a cancel after the award is refused
    PrivateKey user = SignedOrders.key(701);
    given()
        .contentType(ContentType.JSON)
        .body(Wallet.cancelBody(user, OrderId.parse(id)))
        .post("/v1/intents/" + id + "/cancel")
        .then()
        .statusCode(409)
        .body("code", equalTo("already-awarded"));

    fill(SOLVER_B, id, 2, 2990).statusCode(200).body("outcome", equalTo("FILLED"));
    given()
        .get("/v1/intents/" + id)
        .then()
        .body("status", equalTo("FILLED"))
        .body("history.status", contains("OPEN", "AUCTIONING", "AWARDED", "FILLED"));
    given()
        .get("/v1/accounts/" + user.address().toChecksumHex())
        .then()
        .body("positions[0].market", equalTo("ETH-PERP"))
        .body("positions[0].size", equalTo("2"))
        .body("positions[0].entryPrice", equalTo("2990"));
  }

  @Test
  void aWinnerThatDoesNotFillLosesTheAwardAndIsSuspended() throws Exception {
    register(SOLVER_A);
    register(SOLVER_C);
    String id = order(702, 1);
    await("auctioning", () -> "AUCTIONING".equals(status(id)));
    bid(SOLVER_C, id, 2980, 1).statusCode(202);
    bid(SOLVER_A, id, 2990, 1).statusCode(202);
    await(
        "awarded to C",
        () ->
            SOLVER_C
                .address()
                .toChecksumHex()
                .equals(given().get("/v1/auctions/" + id).then().extract().path("winner")));
    // C never fills: after the fill window the award passes to A
    await(
        "awarded to A",
        () ->
            SOLVER_A
                .address()
                .toChecksumHex()
                .equals(given().get("/v1/auctions/" + id).then().extract().path("winner")));
    fill(SOLVER_A, id, 2, 2990).statusCode(200).body("outcome", equalTo("FILLED"));

    // C faded its only award: above the 50% threshold, it can no longer bid
    String next = order(702, 2);
    await("auctioning", () -> "AUCTIONING".equals(status(next)));
    bid(SOLVER_C, next, 2900, 1).statusCode(422).body("reason", equalTo("solver-suspended"));
  }

  @Test
  void everyBidRejectionIsTyped() throws Exception {
    register(SOLVER_A);
    String id = order(703, 1);
    await("auctioning", () -> "AUCTIONING".equals(status(id)));
    bid(STRANGER, SOLVER_A, id, 2990, 1, 1_800_000_300L)
        .statusCode(422)
        .body("code", equalTo("bid-rejected"))
        .body("reason", equalTo("bad-signature"));
    bid(STRANGER, id, 2990, 1).statusCode(422).body("reason", equalTo("unknown-solver"));
    bid(SOLVER_A, id, 3001, 1).statusCode(422).body("reason", equalTo("price-worse-than-limit"));
    bid(SOLVER_A, id, 2990, 11).statusCode(422).body("reason", equalTo("fee-above-max"));
    bid(SOLVER_A, SOLVER_A, id, 2990, 1, 1_799_999_000L)
        .statusCode(422)
        .body("reason", equalTo("valid-until-before-fill"));
    String other = order(703, 2);
    bid(SOLVER_A, SOLVER_A, other, 2990, 1, 1_800_000_300L).statusCode(202);
    // a bid signed for one order, sent to another
    SolverBid wrong =
        new SolverBid(
            OrderId.parse(other),
            SOLVER_A.address(),
            Uint256.of(WAD),
            Uint256.of(WAD),
            1_800_000_300L);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"bid\":{\"orderId\":\""
                + other
                + "\",\"solver\":\""
                + SOLVER_A.address().toChecksumHex()
                + "\",\"price\":\""
                + WAD
                + "\",\"fee\":\""
                + WAD
                + "\",\"validUntil\":1800000300},"
                + "\"signature\":\""
                + SOLVER_A.sign(wrong.digest(Wallet.DOMAIN)).toHex()
                + "\"}")
        .post("/v1/auctions/" + id + "/bids")
        .then()
        .statusCode(422)
        .body("reason", equalTo("wrong-order"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"bid\":{}}")
        .post("/v1/auctions/0x" + "00".repeat(32) + "/bids")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-field"));
    bid(SOLVER_A, "0x" + "00".repeat(32), 2990, 1).statusCode(404);

    // a cancelled intent's auction refuses bids
    PrivateKey user = SignedOrders.key(703);
    given()
        .contentType(ContentType.JSON)
        .body(Wallet.cancelBody(user, OrderId.parse(other)))
        .post("/v1/intents/" + other + "/cancel")
        .then()
        .statusCode(200);
    bid(SOLVER_A, other, 2985, 1).statusCode(422).body("reason", equalTo("auction-cancelled"));

    SolverRegistration r = new SolverRegistration(STRANGER.address(), "x", 1);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"registration\":{\"solver\":\""
                + STRANGER.address().toChecksumHex()
                + "\",\"name\":\"x\",\"issuedAt\":1},\"signature\":\""
                + STRANGER.sign(r.digest(Wallet.DOMAIN)).toHex()
                + "\"}")
        .post("/v1/solvers/registrations")
        .then()
        .statusCode(403)
        .body("code", equalTo("registration-refused"));
  }
}
