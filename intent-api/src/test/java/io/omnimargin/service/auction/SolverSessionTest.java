package io.omnimargin.service.auction;

import static io.omnimargin.service.auction.AuctionApiTest.await;
import static io.omnimargin.service.auction.AuctionApiTest.order;
import static io.omnimargin.service.auction.AuctionApiTest.register;
import static io.omnimargin.service.auction.AuctionApiTest.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.service.support.LogCapture;
import io.omnimargin.service.support.RawHttp;
import io.omnimargin.service.support.RawSession;
import io.omnimargin.service.support.SessionSocket;
import io.omnimargin.service.support.StalledSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The solvers' session socket through the real server: a signed hello opens it, auctions and awards
 * arrive on it, bids, declines and fills go over it (several messages to a frame), a bid signed
 * with the wrong key loses when it would win, and every refusal is answered with its code.
 */
@QuarkusTest
@TestProfile(SolverSessionTest.Sessions.class)
class SolverSessionTest {
  static final PrivateKey A = AuctionApiTest.SOLVER_A;
  static final PrivateKey B = AuctionApiTest.SOLVER_B;
  static final PrivateKey STRANGER = AuctionApiTest.STRANGER;
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  public static class Sessions implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // a window long enough that only an early close explains an award within the tests' waits
      return AuctionApiTest.auctions(
          "20s",
          java.util.List.of(A, B),
          "omnimargin.auction.fill-window",
          "10s",
          // small, so that a session that stops reading passes it soon after the socket is full
          "omnimargin.auction.session-max-unread",
          "500");
    }
  }

  @BeforeEach
  void registered() {
    register(A);
    register(B);
  }

  static int port() {
    return RestAssured.port;
  }

  /** A session bid message: the HTTP bid body (fee 1, valid until 1800000300) with its type. */
  static String bid(PrivateKey signer, PrivateKey solver, String orderId, long price) {
    return typed("bid", AuctionApiTest.bidBody(signer, solver, orderId, price, 1, 1_800_000_300L));
  }

  static String fill(PrivateKey solver, String orderId, long size, long price) {
    return typed("fill", AuctionApiTest.fillBody(solver, orderId, size, price));
  }

  private static String typed(String type, String body) {
    return "{\"type\":\"" + type + "\"," + body.substring(1);
  }

  @Test
  void bidsAndFillsOverSessionsAndEveryoneAnsweredClosesEarly() throws Exception {
    try (SessionSocket a = SessionSocket.hello(port(), A, -1);
        SessionSocket b = SessionSocket.hello(port(), B, -1)) {
      String id = order(801, 1);
      assertThat(a.next("auction").get("orderId").asText()).isEqualTo(id);
      assertThat(b.next("auction").get("orderId").asText()).isEqualTo(id);
      a.send(bid(A, A, id, 2995));
      b.send(bid(B, B, id, 2990));
      // both connected solvers answered: no waiting for the 20 s window
      JsonNode award = b.next("award");
      assertThat(award.get("orderId").asText()).isEqualTo(id);
      assertThat(award.get("price").asText())
          .isEqualTo(BigInteger.valueOf(2990).multiply(WAD).toString());
      b.send(fill(B, id, 2, 2990));
      JsonNode result = b.next("fill-result");
      assertThat(result.get("outcome").asText()).isEqualTo("FILLED");
      assertThat(status(id)).isEqualTo("FILLED");
      given()
          .get("/v1/auctions/" + id)
          .then()
          .body("winner", equalTo(B.address().toChecksumHex()))
          .body("bids.rank", org.hamcrest.Matchers.containsInAnyOrder(2, 1))
          .body(
              "bids.find { it.solver == '" + B.address().toChecksumHex() + "' }.rank", equalTo(1));
    }
  }

  @Test
  void aBidSignedWithTheWrongKeyLosesWhenItWouldWin() throws Exception {
    try (SessionSocket a = SessionSocket.hello(port(), A, -1);
        SessionSocket b = SessionSocket.hello(port(), B, -1)) {
      String id = order(802, 1);
      a.next("auction");
      b.next("auction");
      a.send(bid(STRANGER, A, id, 2980)); // the best price, but not A's signature
      b.send(bid(B, B, id, 2990));
      assertThat(b.next("award").get("orderId").asText()).isEqualTo(id);
      String byA = "bids.find { it.solver == '" + A.address().toChecksumHex() + "' }";
      String byB = "bids.find { it.solver == '" + B.address().toChecksumHex() + "' }";
      given()
          .get("/v1/auctions/" + id)
          .then()
          .body("winner", equalTo(B.address().toChecksumHex()))
          .body(byA + ".rejected", equalTo("bad-signature"))
          .body(byA + ".rank", equalTo(0))
          .body(byB + ".rejected", org.hamcrest.Matchers.nullValue())
          .body(byB + ".rank", equalTo(1));
    }
  }

  @Test
  void aLoneBidWithABadSignatureLeavesTheAuctionWaitingForAValidOne() throws Exception {
    try (SessionSocket a = SessionSocket.hello(port(), A, -1);
        SessionSocket b = SessionSocket.hello(port(), B, -1)) {
      String id = order(806, 1);
      a.next("auction");
      b.next("auction");
      a.send(bid(STRANGER, A, id, 2980)); // not A's signature
      b.send("{\"type\":\"decline\",\"orderId\":\"" + id + "\"}");
      // everyone answered, so it closes early; the lone bid fails its check and bidding goes on
      assertThat(a.none("award", 500)).isTrue();
      assertThat(status(id)).isEqualTo("AUCTIONING");
      AuctionApiTest.bid(B, id, 2990, 1).statusCode(202);
      assertThat(b.next("award").get("orderId").asText()).isEqualTo(id);
    }
  }

  @Test
  void aDeclineCountsAsAnAnswerAndSeveralMessagesShareAFrame() throws Exception {
    try (SessionSocket a = SessionSocket.hello(port(), A, -1);
        SessionSocket b = SessionSocket.hello(port(), B, -1)) {
      String first = order(803, 1);
      String second = order(803, 2);
      a.next("auction");
      a.next("auction");
      // one frame: a bid on each auction, and a bid naming another solver
      a.send(bid(A, A, first, 2995) + "\n" + bid(A, A, second, 2996) + "\n" + bid(A, B, first, 1));
      JsonNode refused = a.next("bid-rejected");
      assertThat(refused.get("reason").asText()).isEqualTo("bad-signature");
      b.send(
          "{\"type\":\"decline\",\"orderId\":\""
              + first
              + "\"}\n{\"type\":\"decline\",\"orderId\":\""
              + second
              + "\"}");
      a.next("award");
      a.next("award");
      await(
          "both awarded",
          () -> "AWARDED".equals(status(first)) && "AWARDED".equals(status(second)));
    }
  }

  @Test
  void aSolverThatAsksToBeHeldAsARelayWithoutThePeersKeyIsChallengedAtOnce() {
    try (SessionSocket s =
        SessionSocket.open(
            port(),
            Map.of(
                io.omnimargin.service.cluster.ClusterPeers.RELAY_HELD,
                "held",
                io.omnimargin.service.cluster.ClusterPeers.FORWARD_KEY,
                "guessed"))) {
      assertThat(s.next("challenge").get("challenge").asText()).startsWith("0x");
    }
  }

  @Test
  void everyRefusalIsAnsweredWithItsCode() {
    try (SessionSocket s = SessionSocket.open(port())) {
      s.next("challenge");
      s.send(bid(A, A, "0x" + "01".repeat(32), 2990));
      assertThat(s.next("error").get("code").asText()).isEqualTo("hello-required");
      assertThat(s.closeCode()).isEqualTo(1008);
    }
    try (SessionSocket s = SessionSocket.open(port())) {
      Bytes32 challenge = Bytes32.fromHex(s.next("challenge").get("challenge").asText());
      s.send(SessionSocket.helloMessage(STRANGER, A, challenge, -1));
      assertThat(s.next("error").get("code").asText()).isEqualTo("bad-signature");
      assertThat(s.closeCode()).isEqualTo(1008);
    }
    try (SessionSocket s = SessionSocket.open(port())) {
      Bytes32 challenge = Bytes32.fromHex(s.next("challenge").get("challenge").asText());
      s.send(
          SessionSocket.helloMessage(STRANGER, STRANGER, challenge, -1)); // not on the allow-list
      assertThat(s.next("error").get("code").asText()).isEqualTo("registration-refused");
    }
    try (SessionSocket s = SessionSocket.open(port())) {
      // a hello answering some other challenge
      s.next("challenge");
      s.send(SessionSocket.helloMessage(A, A, Bytes32.fromHex("0x" + "11".repeat(32)), -1));
      assertThat(s.next("error").get("code").asText()).isEqualTo("bad-signature");
    }
    try (SessionSocket s = SessionSocket.hello(port(), A, -1)) {
      s.send("{not json");
      assertThat(s.next("error").get("code").asText()).isEqualTo("malformed-json");
      s.send("{\"type\":\"gossip\"}");
      assertThat(s.next("error").get("code").asText()).isEqualTo("invalid-field");
      s.send(bid(A, A, "0x" + "01".repeat(32), 2990));
      JsonNode missing = s.next("error");
      assertThat(missing.get("code").asText()).isEqualTo("not-found");
      assertThat(missing.get("orderId").asText()).isEqualTo("0x" + "01".repeat(32));
      s.send("{\"type\":\"bid\",\"bid\":{\"orderId\":\"0x12\"}}");
      assertThat(s.next("error").get("field").asText()).isEqualTo("bid.orderId");
      // the session survives all of that
      String id = order(804, 1);
      assertThat(s.next("auction").get("orderId").asText()).isEqualTo(id);
      s.send(bid(A, A, id, 3001));
      JsonNode refused = s.next("bid-rejected");
      assertThat(refused.get("reason").asText()).isEqualTo("price-worse-than-limit");
      s.send(fill(A, id, 2, 2990));
      assertThat(s.next("error").get("code").asText()).isEqualTo("not-the-winner");
    }
    given()
        .get("/v1/solvers/session")
        .then()
        .statusCode(426)
        .contentType("application/problem+json")
        .body("code", equalTo("upgrade-required"));
  }

  @Test
  void aFrameOverTheLimitClosesTheSession() {
    try (SessionSocket s = SessionSocket.hello(port(), A, -1)) {
      s.send("{\"type\":\"decline\",\"orderId\":\"" + "0".repeat(300_000) + "\"}");
      assertThat(s.next("error").get("code").asText()).isEqualTo("payload-too-large");
      assertThat(s.closeCode()).isEqualTo(1008);
    }
  }

  /**
   * A frame RFC 6455 forbids fails the connection with the protocol's own close code, not a drop
   * without a close frame (1006), and the hub goes on serving.
   */
  @Test
  void aFrameTheProtocolForbidsClosesTheSessionWithItsCode() throws Exception {
    byte[] bid = "{\"type\":\"gossip\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // (a reserved bit is not among them: extensions are allowed, so the frame is read)
    Map<String, RawSession.Frame> forbidden =
        Map.of(
            "a reserved opcode", new RawSession.Frame(true, 0, 3, true, bid),
            "an unmasked frame", new RawSession.Frame(true, 0, 1, false, bid),
            "a lone continuation", new RawSession.Frame(true, 0, 0, true, bid),
            "a ping of 200 bytes", new RawSession.Frame(true, 0, 9, true, new byte[200]),
            "invalid UTF-8",
                new RawSession.Frame(true, 0, 1, true, new byte[] {(byte) 0xc3, 0x28}));
    for (Map.Entry<String, RawSession.Frame> frame : forbidden.entrySet()) {
      try (RawSession s = new RawSession(port())) {
        assertThat(s.next(5_000).path("type").asText()).isEqualTo("challenge");
        s.send(java.util.List.of(frame.getValue()));
        while (s.next(5_000) != null) {
          // nothing is answered before the close
        }
        assertThat(s.closeCode()).as(frame.getKey()).isIn(1002, 1007);
      }
    }
    try (SessionSocket a = SessionSocket.hello(port(), A, -1)) {
      assertThat(a.welcome().path("type").asText()).isEqualTo("welcome");
    }
  }

  /**
   * An opening request Vert.x cannot honour (no key, no or an unknown version, no {@code
   * Connection: Upgrade}) is refused with a typed problem, not Vert.x's bare 400.
   */
  @Test
  void anOpeningThatCannotBeHonouredIsRefusedWithAProblem() throws Exception {
    String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    java.util.List<Map.Entry<String, String>> openings =
        java.util.List.of(
            Map.entry("invalid-field", upgrade + "Sec-WebSocket-Version: 13\r\n"),
            Map.entry("upgrade-required", upgrade + key),
            Map.entry("upgrade-required", upgrade + key + "Sec-WebSocket-Version: 99\r\n"),
            Map.entry(
                "upgrade-required",
                "Upgrade: websocket\r\n" + key + "Sec-WebSocket-Version: 13\r\n"));
    for (Map.Entry<String, String> opening : openings) {
      RawHttp.Answer answer =
          RawHttp.exchange(
                  port(),
                  ("GET /v1/solvers/session HTTP/1.1\r\nHost: localhost\r\n"
                          + opening.getValue()
                          + "\r\n")
                      .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                  false,
                  5_000)
              .orElseThrow();
      assertThat(answer.header("content-type"))
          .as(opening.getValue())
          .startsWith("application/problem+json");
      assertThat(answer.json().path("code").asText())
          .as(opening.getValue())
          .isEqualTo(opening.getKey());
    }
  }

  /**
   * A message in fragments whose first one is empty is read like any other, and the session goes
   * on: Vert.x's own joining threw on it, logged an error for it and for every later frame, and the
   * session answered nothing more.
   */
  @Test
  void aMessageWhoseFirstFragmentIsEmptyIsRead() throws Exception {
    byte[] gossip = "{\"type\":\"gossip\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (LogCapture errors = LogCapture.errors();
        RawSession s = new RawSession(port())) {
      assertThat(s.next(5_000).path("type").asText()).isEqualTo("challenge");
      s.send(
          java.util.List.of(
              new RawSession.Frame(false, 0, 1, true, new byte[0]),
              new RawSession.Frame(true, 0, 9, true, new byte[] {'p'}),
              new RawSession.Frame(true, 0, 0, true, gossip)));
      JsonNode answer = s.next(5_000);
      assertThat(answer.path("code").asText()).isEqualTo("hello-required");
      assertThat(errors.lines()).isEmpty();
    }
  }

  /** A frame of exactly {@code bytes}: a message the hub answers with an error, then spaces. */
  static String frameOf(int bytes) {
    String message = "{\"type\":\"nonsense\"}";
    return message + " ".repeat(bytes - message.length());
  }

  @Test
  void framesUpTo256KibAreReadAndLargerOnesRefusedWithACode() throws Exception {
    try (StalledSession a = StalledSession.hello(port(), A)) {
      for (int size : new int[] {64 * 1024, 200_000, 256 * 1024}) {
        a.send(frameOf(size)); // one unfragmented frame: read, and answered for what it says
        JsonNode answer = a.next();
        assertThat(answer.path("type").asText()).as("%d bytes", size).isEqualTo("error");
        assertThat(answer.path("code").asText()).as("%d bytes", size).isEqualTo("invalid-field");
      }
      a.sendRefused(frameOf(256 * 1024 + 1));
      StalledSession.Ending ending = a.readToClose();
      assertThat(ending.messages())
          .extracting(m -> m.path("code").asText())
          .containsExactly("payload-too-large");
      assertThat(ending.code()).isEqualTo(1008);
    }
  }

  @Test
  void aSessionResumesAfterTheLastEventItSaw() throws Exception {
    long last;
    try (SessionSocket a = SessionSocket.hello(port(), A, -1)) {
      long now = a.welcome().get("after").asLong(); // where "from now" began: resumable
      order(805, 1);
      last = a.next("auction").get("seq").asLong();
      assertThat(last).isGreaterThan(now);
    }
    String missed = order(805, 2); // announced while A is away
    await("auctioning", () -> "AUCTIONING".equals(status(missed)));
    try (SessionSocket a = SessionSocket.hello(port(), A, last)) {
      assertThat(a.next("auction").get("orderId").asText()).isEqualTo(missed);
    }
  }

  @Test
  void aSessionThatStopsReadingIsCutOffAndToldWhy() throws Exception {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    try (StalledSession a = StalledSession.hello(port(), A)) {
      int asked = quoteAsked(http);
      // every quote request is a message for the session; once cut off, it is no longer asked.
      // The socket's buffers take thousands before anything is left unread, far more when the
      // kernel has grown the loopback buffers (fresh-clone CI runs needed over 30,000, then over
      // 150,000), so the bound is time, not a count
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(150);
      int quotes = 1;
      while (quoteAsked(http) == asked) {
        quotes++;
        assertThat(System.nanoTime())
            .as("still not cut off after %d quotes in 150 s", quotes)
            .isLessThan(deadline);
      }
      System.out.println("a stalled session was cut off after " + quotes + " quotes");
      StalledSession.Ending end = a.readToClose();
      assertThat(end.messages().get(end.messages().size() - 1).get("code").asText())
          .isEqualTo("session-too-slow");
      assertThat(end.code()).isEqualTo(1008);
      assertThat(end.reason()).isEqualTo("session-too-slow");
    }
  }

  /** Asks for a quote that waits for nobody; answers how many solvers were asked. */
  private static int quoteAsked(java.net.http.HttpClient http) throws Exception {
    java.net.http.HttpResponse<String> r =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port() + "/v1/quotes"))
                .header("content-type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"market\":\"ETH-PERP\",\"side\":\"buy\",\"size\":\"1\",\"deadlineMs\":0}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).get("asked").asInt(); // not JsonPath: Groovy is slow per call
  }
}
