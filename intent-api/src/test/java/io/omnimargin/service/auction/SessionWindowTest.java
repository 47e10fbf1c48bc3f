package io.omnimargin.service.auction;

import static io.omnimargin.service.auction.AuctionApiTest.order;
import static io.omnimargin.service.auction.AuctionApiTest.register;
import static io.omnimargin.service.auction.AuctionApiTest.status;
import static io.omnimargin.service.auction.SolverSessionTest.A;
import static io.omnimargin.service.auction.SolverSessionTest.B;
import static io.omnimargin.service.auction.SolverSessionTest.bid;
import static io.omnimargin.service.auction.SolverSessionTest.fill;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.service.support.SessionSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An auction closed early is awarded once: the end of its window does not award it again. */
@QuarkusTest
@TestProfile(SessionWindowTest.ShortWindow.class)
class SessionWindowTest {
  public static class ShortWindow implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return AuctionApiTest.auctions("1s", java.util.List.of(A, B));
    }
  }

  @Test
  void theWindowsEndDoesNotAwardAnEarlyClosedAuctionAgain() throws Exception {
    register(A);
    register(B);
    try (SessionSocket a = SessionSocket.hello(RestAssured.port, A, -1);
        SessionSocket b = SessionSocket.hello(RestAssured.port, B, -1)) {
      String awardedOnly = order(811, 1);
      String filled = order(811, 2);
      a.next("auction");
      a.next("auction");
      b.next("auction");
      b.next("auction");
      a.send(bid(A, A, awardedOnly, 2995) + "\n" + bid(A, A, filled, 2995));
      b.send(bid(B, B, awardedOnly, 2990) + "\n" + bid(B, B, filled, 2990));
      b.next("award");
      b.next("award");
      b.send(fill(B, filled, 2, 2990));
      assertThat(b.next("fill-result").get("outcome").asText()).isEqualTo("FILLED");
      // both windows end meanwhile; neither auction is awarded a second time
      assertThat(b.none("award", 2_000)).isTrue();
      assertThat(status(awardedOnly)).isEqualTo("AWARDED");
      assertThat(status(filled)).isEqualTo("FILLED");
    }
  }
}
