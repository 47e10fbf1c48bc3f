package io.omnimargin.service.auction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.CuttableLink;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.solver.Award;
import io.omnimargin.solver.Bid;
import io.omnimargin.solver.Filler;
import io.omnimargin.solver.OpenAuction;
import io.omnimargin.solver.Solver;
import io.omnimargin.solver.SolverClient;
import io.omnimargin.solver.SolverException;
import io.omnimargin.solver.example.ReferencePriceMaker;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Solvers written with the SDK against the real service: they stream auctions, bid, win and fill.
 * The bidding window is 30 s, so every award here also shows the early close once all connected
 * solvers have bid. A winner that never fills loses the award to the other and, having faded its
 * only award, is suspended.
 */
@QuarkusTest
@TestProfile(SdkSolversTest.Streams.class)
class SdkSolversTest {
  static final PrivateKey MAKER_A = PrivateKey.fromHex("0x" + "f1".repeat(32));
  static final PrivateKey MAKER_B = PrivateKey.fromHex("0x" + "f2".repeat(32));
  static final PrivateKey FADER = PrivateKey.fromHex("0x" + "f3".repeat(32));
  static final BigInteger WAD = BigInteger.TEN.pow(18);

  public static class Streams implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return AuctionApiTest.auctions(
          "30s",
          List.of(MAKER_A, MAKER_B, FADER),
          "omnimargin.auction.fill-window",
          "1s",
          "omnimargin.auction.min-awards-to-judge",
          "1",
          "omnimargin.auction.max-fade-rate",
          "0.5");
    }
  }

  @TestHTTPResource("/")
  URL hub;

  @Inject MutableClock clock;

  /**
   * Connects an SDK solver. The SDK signs its registration at the real time, while the test
   * service's clock stands in 2027 (see {@link MutableClock}); the service takes a registration
   * only within minutes of its clock, so for the registration its clock is set to the real time.
   */
  SolverClient connect(URI url, PrivateKey key, String name, Solver solver) {
    java.time.Instant serviceTime = clock.instant();
    clock.set(java.time.Instant.now());
    try {
      return SolverClient.connect(url, key, Wallet.DOMAIN, name, solver);
    } finally {
      clock.set(serviceTime);
    }
  }

  static ReferencePriceMaker maker(long spreadBasisPoints) {
    return new ReferencePriceMaker(
        Map.of("ETH-PERP", BigInteger.valueOf(2990).multiply(WAD)), spreadBasisPoints, WAD);
  }

  static void awaitStreaming(SolverClient... clients) throws InterruptedException {
    AuctionApiTest.await(
        "solver streams", () -> java.util.Arrays.stream(clients).allMatch(SolverClient::streaming));
  }

  static String order(int user) {
    PrivateKey key = SignedOrders.key(user);
    AuctionConcurrencyTest.fund(key);
    return io.omnimargin.service.support.Api.submit(
            Wallet.signed(key, Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 2, 3000))))
        .statusCode(202)
        .extract()
        .path("orderId");
  }

  @Test
  void twoSdkSolversCompeteAndTheBetterOneFills() throws Exception {
    AwardMarginCheckTest.prices("3000");
    try (SolverClient a = connect(URI.create(hub.toString()), MAKER_A, "a", maker(10));
        SolverClient b = connect(URI.create(hub.toString()), MAKER_B, "b", maker(5))) {
      awaitStreaming(a, b);
      String id = order(901);
      AuctionApiTest.await("filled", () -> "FILLED".equals(AuctionApiTest.status(id)));
      assertThat((String) given().get("/v1/auctions/" + id).then().extract().path("winner"))
          .isEqualTo(MAKER_B.address().toChecksumHex());
      List<String> history =
          given().get("/v1/intents/" + id).then().extract().path("history.status");
      assertThat(history).containsExactly("OPEN", "AUCTIONING", "AWARDED", "FILLED");
    }
  }

  @Test
  void aWinnerThatDoesNotFillLosesTheAwardAndThenItsRightToBid() throws Exception {
    AwardMarginCheckTest.prices("3000");
    List<String> rejections = new CopyOnWriteArrayList<>();
    Solver fader =
        new Solver() {
          @Override
          public Optional<Bid> bid(OpenAuction auction) {
            return Optional.of(
                new Bid(BigInteger.valueOf(2900).multiply(WAD), WAD, auction.fillDeadline()));
          }

          @Override
          public void onAward(Award award, Filler filler) {
            // never fills
          }

          @Override
          public void onBidRejected(OpenAuction auction, SolverException reason) {
            rejections.add(reason.reason());
          }
        };
    try (SolverClient f = connect(URI.create(hub.toString()), FADER, "fader", fader);
        SolverClient a = connect(URI.create(hub.toString()), MAKER_A, "a", maker(10))) {
      awaitStreaming(f, a);
      String id = order(902);
      AuctionApiTest.await(
          "filled by the second", () -> "FILLED".equals(AuctionApiTest.status(id)));
      assertThat((String) given().get("/v1/auctions/" + id).then().extract().path("winner"))
          .isEqualTo(MAKER_A.address().toChecksumHex());
      List<String> history =
          given().get("/v1/intents/" + id).then().extract().path("history.status");
      assertThat(history).containsExactly("OPEN", "AUCTIONING", "AWARDED", "AWARDED", "FILLED");

      String next = order(903);
      AuctionApiTest.await(
          "the fader's bid refused", () -> rejections.contains("solver-suspended"));
      AuctionApiTest.await(
          "filled by the maker", () -> "FILLED".equals(AuctionApiTest.status(next)));
    }
  }

  @Test
  void aSolverCutOffGetsTheAuctionsAnnouncedMeanwhileWhenItReconnects() throws Exception {
    AwardMarginCheckTest.prices("3000");
    List<String> seen = new CopyOnWriteArrayList<>();
    List<String> rejections = new CopyOnWriteArrayList<>();
    ReferencePriceMaker wide = maker(10);
    Solver watcher =
        new Solver() {
          @Override
          public Optional<Bid> bid(OpenAuction auction) {
            seen.add(auction.orderId().toHex());
            return wide.bid(auction);
          }

          @Override
          public void onAward(Award award, Filler filler) {
            wide.onAward(award, filler);
          }

          @Override
          public void onBidRejected(OpenAuction auction, SolverException reason) {
            rejections.add(reason.reason());
          }
        };
    try (CuttableLink link = new CuttableLink(hub.getPort());
        SolverClient away = connect(link.uri(), MAKER_A, "away", watcher);
        SolverClient b = connect(URI.create(hub.toString()), MAKER_B, "b", maker(5))) {
      awaitStreaming(away, b);
      long before = away.lastEvent();
      link.cut();
      AuctionApiTest.await("the cut noticed", () -> !away.streaming());
      String id = order(904);
      AuctionApiTest.await("filled by b", () -> "FILLED".equals(AuctionApiTest.status(id)));
      assertThat(seen).doesNotContain(id);

      link.restore();
      AuctionApiTest.await("announced on reconnect", () -> seen.contains(id));
      assertThat(away.streaming()).isTrue();
      assertThat(away.lastEvent()).isGreaterThan(before);
      // b's early close ended the auction before the solver came back: its late bid is refused
      AuctionApiTest.await("the late bid answered", () -> rejections.contains("auction-closed"));
      assertThat((String) given().get("/v1/auctions/" + id).then().extract().path("winner"))
          .isEqualTo(MAKER_B.address().toChecksumHex());
    }
  }

  @Test
  void quotesAreTheBestAnswerOfTheConnectedSolvers() throws Exception {
    try (SolverClient a = connect(URI.create(hub.toString()), MAKER_A, "a", maker(10));
        SolverClient b = connect(URI.create(hub.toString()), MAKER_B, "b", maker(5))) {
      awaitStreaming(a, b);
      io.restassured.response.Response quote =
          given()
              .contentType(io.restassured.http.ContentType.JSON)
              .body(
                  "{\"market\":\"ETH-PERP\",\"side\":\"buy\",\"size\":\"2000000000000000000\",\"deadlineMs\":1500}")
              .post("/v1/quotes");
      quote.then().statusCode(200);
      assertThat((String) quote.path("solver")).isEqualTo(MAKER_B.address().toChecksumHex());
      assertThat((String) quote.path("price")).isEqualTo("2991495000000000000000");
      assertThat((Integer) quote.path("answers")).isEqualTo(2);
      given()
          .contentType(io.restassured.http.ContentType.JSON)
          .body("{\"market\":\"ETH-PERP\",\"side\":\"hold\",\"size\":\"1\"}")
          .post("/v1/quotes")
          .then()
          .statusCode(400)
          .body("code", org.hamcrest.Matchers.equalTo("invalid-field"));
    }
  }
}
