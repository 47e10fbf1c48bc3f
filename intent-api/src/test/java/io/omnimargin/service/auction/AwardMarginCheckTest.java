package io.omnimargin.service.auction;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The margin check runs again at award, at the winning price and the prices of that moment: an
 * order that no longer fits is rejected with the numbers and its margin freed.
 */
@QuarkusTest
@TestProfile(AwardMarginCheckTest.GateAndAuctions.class)
class AwardMarginCheckTest {
  public static class GateAndAuctions implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return AuctionApiTest.auctions(
          "2s",
          java.util.List.of(AuctionApiTest.SOLVER_A),
          "omnimargin.margin.gate-intake",
          "true",
          // this test is about the trader's re-check at the winning price, not the price band
          "omnimargin.clearing.max-deviation",
          "0.5");
    }
  }

  @Test
  void aPriceMoveBeforeTheAwardRejectsTheIntentWithTheNumbers() throws Exception {
    PrivateKey trader = SignedOrders.key(801);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"account\":\""
                + trader.address().toChecksumHex()
                + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"1\"}")
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);
    prices("3000");
    // buy 8 ETH-PERP at up to 3,000: IMR 2,400 against AV_i 2,524.5 when it is accepted
    String id =
        submit(
                Wallet.signed(
                    trader, Wallet.order(trader, 1, SignedOrders.buy("ETH-PERP", 8, 3000))))
            .statusCode(202)
            .extract()
            .path("orderId");
    AuctionApiTest.register(AuctionApiTest.SOLVER_A);
    AuctionApiTest.await("auctioning", () -> "AUCTIONING".equals(AuctionApiTest.status(id)));
    prices("2000"); // ETH falls while the auction runs
    AuctionApiTest.bid(AuctionApiTest.SOLVER_A, id, 2990, 1).statusCode(202);
    AuctionApiTest.await("rejected", () -> "REJECTED".equals(AuctionApiTest.status(id)));
    given()
        .get("/v1/intents/" + id)
        .then()
        .body("history[-1].reason", containsString("margin check at the winning price 2990"))
        .body("history[-1].reason", containsString("INSUFFICIENT_MARGIN"))
        .body("history[-1].reason", containsString("shortfall"));
    given()
        .get("/v1/accounts/" + trader.address().toChecksumHex())
        .then()
        .body("openReservations", equalTo(0))
        .body("positions.size()", equalTo(0));
  }

  static void prices(String eth) {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\""
                + eth
                + "\",\"publishTime\":1800000000}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
  }
}
