package io.omnimargin.service.auction;

import static io.omnimargin.service.auction.AuctionApiTest.order;
import static io.omnimargin.service.auction.AuctionApiTest.register;
import static io.omnimargin.service.auction.AuctionApiTest.status;
import static io.omnimargin.service.auction.SolverSessionTest.A;
import static io.omnimargin.service.auction.SolverSessionTest.bid;
import static io.omnimargin.service.auction.SolverSessionTest.fill;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.service.support.RedisResource;
import io.omnimargin.service.support.SessionSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Auctions over a store in Redis (a real redis-server): the status moves go over the network, so
 * the award runs on the auction house's own thread rather than on the event loop that read the last
 * bid. The window is long, so an award that arrives at once shows the early close took that path.
 */
@QuarkusTest
@TestProfile(RedisAuctionTest.RedisAuctions.class)
class RedisAuctionTest {
  public static class RedisAuctions implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return AuctionApiTest.auctions("30s", List.of(A));
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(RedisResource.class));
    }
  }

  @Inject IntentStore store;

  @Test
  void anAuctionClosesEarlyAndIsFilledWithTheStoreInRedis() throws Exception {
    assertThat(store.remote()).isTrue();
    register(A);
    try (SessionSocket a = SessionSocket.hello(RestAssured.port, A, -1)) {
      String id = order(821, 1);
      a.next("auction");
      long sent = System.nanoTime();
      a.send(bid(A, A, id, 2995));
      assertThat(a.next("award").get("orderId").asText()).isEqualTo(id);
      assertThat((System.nanoTime() - sent) / 1_000_000).isLessThan(10_000); // not the 30 s window
      assertThat(status(id)).isEqualTo("AWARDED");
      a.send(fill(A, id, 2, 2995));
      assertThat(a.next("fill-result").get("outcome").asText()).isEqualTo("FILLED");
      assertThat(status(id)).isEqualTo("FILLED");
    }
  }
}
