package io.omnimargin.service.auction;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One hundred auctions at once, five solvers bidding on each over HTTP from ten threads: every
 * auction is won by its best bid, filled once, and its intent's history holds exactly one award and
 * one fill.
 */
@QuarkusTest
@TestProfile(AuctionConcurrencyTest.FiveSolvers.class)
class AuctionConcurrencyTest {
  static final List<PrivateKey> SOLVERS =
      IntStream.rangeClosed(1, 5)
          .mapToObj(i -> PrivateKey.fromHex("0x" + ("e" + i).repeat(32)))
          .toList();

  public static class FiveSolvers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // Fills are sent only once all 100 orders and 500 bids are in: on two loaded cores that took
      // over 20 s, the first awards timed out as fades and the suspended solvers' bids got 422.
      return AuctionApiTest.auctions("5s", SOLVERS, "omnimargin.auction.fill-window", "90s");
    }
  }

  @Test
  void aHundredAuctionsWithFiveSolversEachResolveExactlyOnce() throws Exception {
    SOLVERS.forEach(AuctionApiTest::register);
    SOLVERS.forEach(AuctionApiTest::fund); // each is the counterparty of its fills
    AwardMarginCheckTest.prices("3000");
    List<String> orders = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<?>> bids = new ArrayList<>();
      for (int o = 0; o < 100; o++) {
        PrivateKey user = SignedOrders.key(5_000 + o);
        fund(user);
        String id =
            submit(
                    Wallet.signed(
                        user, Wallet.order(user, 1, SignedOrders.buy("ETH-PERP", 2, 3000))))
                .statusCode(202)
                .extract()
                .<String>path("orderId");
        orders.add(id);
        // the five bids of this auction go out at once, while the next orders are submitted
        for (int s = 0; s < SOLVERS.size(); s++) {
          PrivateKey solver = SOLVERS.get(s);
          // solver s bids 2,990 − (s + o) mod 5: each auction has one best bid, a different solver
          long price = 2_990 - (s + o) % 5;
          bids.add(
              pool.submit(
                  () -> {
                    AuctionApiTest.await(
                        "auctioning " + id, () -> "AUCTIONING".equals(AuctionApiTest.status(id)));
                    AuctionApiTest.bid(solver, id, price, 1).statusCode(202);
                    return null;
                  }));
        }
      }
      for (Future<?> f : bids) {
        f.get();
      }
      List<Future<?>> fills = new ArrayList<>();
      for (int o = 0; o < orders.size(); o++) {
        String id = orders.get(o);
        PrivateKey best = SOLVERS.get((9 - o % 5) % 5); // (s + o) mod 5 = 4 gives the lowest price
        fills.add(
            pool.submit(
                () -> {
                  AuctionApiTest.await(
                      "award of " + id,
                      () ->
                          best.address()
                              .toChecksumHex()
                              .equals(
                                  given()
                                      .get("/v1/auctions/" + id)
                                      .then()
                                      .extract()
                                      .path("winner")));
                  AuctionApiTest.fill(best, id, 2, 2_986).statusCode(200);
                  return null;
                }));
      }
      for (Future<?> f : fills) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (String id : orders) {
      List<String> history =
          given().get("/v1/intents/" + id).then().extract().path("history.status");
      assertThat(history).as(id).containsExactly("OPEN", "AUCTIONING", "AWARDED", "FILLED");
      List<Integer> ranks = given().get("/v1/auctions/" + id).then().extract().path("bids.rank");
      assertThat(ranks).as(id).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }
  }

  static void fund(PrivateKey user) {
    given()
        .contentType(io.restassured.http.ContentType.JSON)
        .body(
            "{\"account\":\""
                + user.address().toChecksumHex()
                + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"10\"}")
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);
  }
}
