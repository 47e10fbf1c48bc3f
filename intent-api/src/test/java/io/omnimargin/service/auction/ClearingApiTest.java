package io.omnimargin.service.auction;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.margin.FundingSchedule;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fill through the real service is a trade between two funded accounts: the trader opens with one
 * solver and closes with another, off-band bids are refused, a mismatched fill report is refused,
 * and GET /v1/ledger shows the books balanced after each step.
 */
@QuarkusTest
@TestProfile(ClearingApiTest.Clearing.class)
class ClearingApiTest {
  public static class Clearing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return AuctionApiTest.auctions(
          "1s",
          List.of(AuctionApiTest.SOLVER_A, AuctionApiTest.SOLVER_B),
          "omnimargin.margin.gate-intake",
          "true");
    }
  }

  @Inject MutableClock clock;
  @Inject FundingSchedule funding;

  private static String intent(PrivateKey trader, int nonce, boolean buy) {
    var data =
        buy
            ? SignedOrders.buy("ETH-PERP", 2, 3100)
            : new io.omnimargin.protocol.eip712.MarginOrder(
                new io.omnimargin.protocol.eip712.MarketSymbol("ETH-PERP"),
                false,
                io.omnimargin.protocol.types.Uint256.of(
                    AuctionApiTest.WAD.multiply(java.math.BigInteger.TWO)),
                io.omnimargin.protocol.types.Uint256.of(
                    AuctionApiTest.WAD.multiply(java.math.BigInteger.valueOf(2900))),
                true,
                io.omnimargin.protocol.types.Uint256.of(1),
                io.omnimargin.protocol.types.Uint256.of(
                    AuctionApiTest.WAD.multiply(java.math.BigInteger.TEN)));
    return submit(Wallet.signed(trader, Wallet.order(trader, nonce, data)))
        .statusCode(202)
        .extract()
        .path("orderId");
  }

  private static void ledgerBalanced() throws InterruptedException {
    Thread.sleep(1_100); // the ledger view is at most a second old
    given()
        .get("/v1/ledger")
        .then()
        .statusCode(200)
        .body("imbalance", equalTo("0"))
        .body("balanced", equalTo(true));
  }

  @Test
  void openWithOneSolverCloseWithAnotherAndTheBooksBalance() throws Exception {
    PrivateKey trader = SignedOrders.key(1401);
    AuctionApiTest.fund(trader);
    AuctionApiTest.fund(AuctionApiTest.SOLVER_A);
    AuctionApiTest.fund(AuctionApiTest.SOLVER_B);
    AwardMarginCheckTest.prices("3000");
    AuctionApiTest.register(AuctionApiTest.SOLVER_A);
    AuctionApiTest.register(AuctionApiTest.SOLVER_B);

    String open = intent(trader, 1, true);
    AuctionApiTest.await("auctioning", () -> "AUCTIONING".equals(AuctionApiTest.status(open)));
    AuctionApiTest.bid(AuctionApiTest.SOLVER_B, open, 3500, 1)
        .statusCode(422)
        .body("reason", equalTo("price-worse-than-limit"));
    AuctionApiTest.bid(AuctionApiTest.SOLVER_B, open, 2700, 1)
        .statusCode(422)
        .body("reason", equalTo("price-out-of-band")); // 10% under the index: refused
    AuctionApiTest.bid(AuctionApiTest.SOLVER_A, open, 3010, 2).statusCode(202);
    AuctionApiTest.await("awarded", () -> "AWARDED".equals(AuctionApiTest.status(open)));
    AuctionApiTest.fill(AuctionApiTest.SOLVER_A, open, 2, 2000)
        .statusCode(422)
        .body("code", equalTo("fill-mismatch")); // the booked price is the bid's, never reported
    AuctionApiTest.fill(AuctionApiTest.SOLVER_A, open, 2, 3010).statusCode(200);
    AuctionApiTest.await("filled", () -> "FILLED".equals(AuctionApiTest.status(open)));

    given()
        .get("/v1/accounts/" + AuctionApiTest.SOLVER_A.address().toChecksumHex())
        .then()
        .body("positions[0].size", equalTo("-2"))
        .body("positions[0].cost", equalTo("-6020"))
        .body("cash", equalTo("2")); // the bid's fee, paid by the trader
    given()
        .get("/v1/accounts/" + trader.address().toChecksumHex())
        .then()
        .body("positions[0].size", equalTo("2"))
        .body("cash", equalTo("-5.01")); // fee 2 + 5 bps of 6,020 (3.01)
    ledgerBalanced();

    String close = intent(trader, 2, false); // reduce-only sell of the 2
    AuctionApiTest.await("auctioning", () -> "AUCTIONING".equals(AuctionApiTest.status(close)));
    AuctionApiTest.bid(AuctionApiTest.SOLVER_B, close, 3000, 1).statusCode(202);
    AuctionApiTest.await("awarded", () -> "AWARDED".equals(AuctionApiTest.status(close)));
    AuctionApiTest.fill(AuctionApiTest.SOLVER_B, close, 2, 3000).statusCode(200);
    AuctionApiTest.await("filled", () -> "FILLED".equals(AuctionApiTest.status(close)));

    given()
        .get("/v1/accounts/" + trader.address().toChecksumHex())
        .then()
        .body("positions.size()", equalTo(0)); // flat: A and B keep their opposite positions
    given()
        .get("/v1/accounts/" + AuctionApiTest.SOLVER_B.address().toChecksumHex())
        .then()
        .body("positions[0].size", equalTo("2"));
    ledgerBalanced();
    given()
        .get("/v1/ledger")
        .then()
        .body("openInterest.'ETH-PERP'.longSize", equalTo("2000000000000000000"))
        .body("openInterest.'ETH-PERP'.shortSize", equalTo("2000000000000000000"));

    // the hour's fills cleared at 3,005 on average against an index of 3,000: longs pay shorts
    String a = "/v1/accounts/" + AuctionApiTest.SOLVER_A.address().toChecksumHex();
    String b = "/v1/accounts/" + AuctionApiTest.SOLVER_B.address().toChecksumHex();
    given()
        .get("/v1/markets/ETH-PERP")
        .then()
        .statusCode(200)
        .body("fundingRate", equalTo("0.001666666666666666"))
        .body("nextFundingAt", equalTo(1_800_003_600))
        .body("openInterestLong", equalTo("2"))
        .body("openInterestShort", equalTo("2"));
    given().get("/v1/markets/NOPE-PERP").then().statusCode(404).body("code", equalTo("not-found"));
    clock.set(java.time.Instant.ofEpochSecond(1_800_003_600));
    given()
        .contentType(io.restassured.http.ContentType.JSON)
        .body("{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":1800003600}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
    funding.checkNow();
    given()
        .get("/v1/markets/ETH-PERP")
        .then()
        .body("lastFunding.positions", equalTo(2))
        .body("lastFunding.paid", equalTo("9.999999999999996"))
        .body("lastFunding.residue", equalTo("0"))
        .body("nextFundingAt", equalTo(1_800_007_200));
    // B (long 2) paid 2 · 3,000 · rate; A (short 2) received it
    given()
        .get(b)
        .then()
        .body("funding.paid", equalTo("9.999999999999996"))
        .body("positions[0].funding", equalTo("-9.999999999999996"));
    given()
        .get(a)
        .then()
        .body("funding.received", equalTo("9.999999999999996"))
        .body("fees.received", equalTo("2")); // the bid's fee on the opening fill
    ledgerBalanced();
  }
}
