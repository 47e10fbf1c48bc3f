package io.omnimargin.solver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.eip712.SolverSession;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small hub in the test's process: a real HTTP and WebSocket server on a free loopback port that
 * speaks the session protocol of {@code intent-api}'s {@code SolverSessionConnection} (challenge,
 * signed hello, welcome with {@code after}, events with {@code seq}, {@code \n}-separated messages
 * per frame, resume after N), serves {@code GET /v1/hub}, registrations and quote answers, and
 * checks every signature the SDK makes against its own domain with the protocol classes. What it
 * receives is recorded for the tests; what it answers can be set per test.
 */
final class HubStandIn implements AutoCloseable {
  /** Not the default Omnimargin chain: a solver that ignores {@code /v1/hub} signs wrongly. */
  static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(31337), Address.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

  static final long WAIT_SECONDS = 10;
  private static final String SESSION = "/v1/solvers/session";
  private static final Pattern QUOTE_ANSWER =
      Pattern.compile("/v1/quotes/(0x[0-9a-fA-F]{64})/answers");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One feed event, serialized exactly as the hub's {@code SolverFeed.Event}. */
  record Event(
      long seq,
      String type,
      String orderId,
      String market,
      String side,
      String size,
      String limitPrice,
      String maxFee,
      long closesAt,
      long fillDeadline,
      String price,
      String fee,
      String to) {

    static Event auction(
        OrderId id,
        String market,
        boolean buy,
        BigInteger size,
        BigInteger limitPrice,
        BigInteger maxFee,
        long closesAtMillis,
        long fillDeadline) {
      return new Event(
          0,
          "auction",
          id.toHex(),
          market,
          buy ? "BUY" : "SELL",
          size.toString(),
          limitPrice.toString(),
          maxFee.toString(),
          closesAtMillis,
          fillDeadline,
          null,
          null,
          null);
    }

    static Event quote(
        OrderId id, String market, boolean buy, BigInteger size, long deadlineMillis) {
      return new Event(
          0,
          "quote",
          id.toHex(),
          market,
          buy ? "BUY" : "SELL",
          size.toString(),
          null,
          null,
          deadlineMillis,
          0,
          null,
          null,
          null);
    }

    /** The award of {@code auction} at {@code price} and {@code fee}. */
    static Event award(Event auction, BigInteger price, BigInteger fee) {
      return new Event(
          0,
          "award",
          auction.orderId,
          auction.market,
          auction.side,
          auction.size,
          auction.limitPrice,
          auction.maxFee,
          auction.closesAt,
          auction.fillDeadline,
          price.toString(),
          fee.toString(),
          null);
    }

    OrderId id() {
      return OrderId.parse(orderId);
    }

    boolean isFor(Address solver) {
      return to == null || to.equals(solver.toChecksumHex());
    }

    String json() {
      try {
        return JSON.writeValueAsString(this);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A hello as received: the claimed solver, who signed the challenge (null: nobody), after. */
  record Hello(Address solver, Address signer, long after) {}

  /** A registration as received, with who signed it under {@link #DOMAIN}. */
  record Registration(Address solver, String name, Address signer) {}

  /**
   * A message a welcomed session sent ({@code bid}, {@code decline}, {@code fill}), with who signed
   * it under {@link #DOMAIN} (bids and fills; null for a decline or an unrecoverable signature).
   */
  record Inbound(String type, JsonNode message, Address signer) {}

  /** A quote answer posted over HTTP, with who signed it as a {@code SolverBid}. */
  record QuoteAnswer(SolverBid bid, Address signer) {}

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final HttpServer server;
  private final Set<Address> allowed;
  private final Set<Address> registered = ConcurrentHashMap.newKeySet();
  private final Set<OrderId> openQuotes = ConcurrentHashMap.newKeySet();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();

  private final BlockingQueue<Registration> registrations = new LinkedBlockingQueue<>();
  private final BlockingQueue<Hello> hellos = new LinkedBlockingQueue<>();
  private final BlockingQueue<Inbound> inbound = new LinkedBlockingQueue<>();
  private final BlockingQueue<List<String>> framesIn = new LinkedBlockingQueue<>();
  private final BlockingQueue<QuoteAnswer> quoteAnswers = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> upgrades = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> fillAnswers = new LinkedBlockingQueue<>();

  private Upgrades upgradeMode = Upgrades.ACCEPT; // guarded by this
  private final List<HttpServerRequest> held = new ArrayList<>(); // guarded by this
  private volatile String bidRejection;
  private volatile String bidError;
  private volatile String fillAnswer = "FILLED";
  private volatile int replayOverlap;
  private volatile String separator = "\n";
  private volatile String trailer = "";

  // the feed: numbered events, the recent ones kept for resumes, the welcomed sessions listening
  private final Object feed = new Object();
  private long seq;
  private final List<Event> recent = new ArrayList<>();
  private final List<Session> listening = new ArrayList<>();

  private HubStandIn(Set<Address> allowed) {
    this.allowed = allowed;
    this.server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(this::route);
    await(server.listen());
  }

  /** A hub on a free loopback port whose allow-list holds these solvers. */
  static HubStandIn start(PrivateKey... allowed) {
    Set<Address> addresses = ConcurrentHashMap.newKeySet();
    for (PrivateKey k : allowed) {
      addresses.add(k.address());
    }
    return new HubStandIn(addresses);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  // ---- what the tests set

  /** Registers a solver without the HTTP call (for tests of the session alone). */
  void markRegistered(Address solver) {
    registered.add(solver);
  }

  /** What the hub does with a session upgrade. */
  enum Upgrades {
    ACCEPT,
    /** 503, as a hub restarting. */
    REFUSE,
    /** Leaves it unanswered until sessions are accepted again. */
    HOLD,
    /** Upgrades it and then says nothing, as a relay that lost the challenge. */
    SILENT
  }

  /** From now on; accepting again also opens the sessions held. */
  synchronized void sessions(Upgrades mode) {
    upgradeMode = mode;
    if (mode == Upgrades.ACCEPT) {
      held.forEach(this::accept);
      held.clear();
    }
  }

  /** Answers every bid with {@code bid-rejected} and this reason (null: accept silently). */
  void rejectBidsWith(String reason) {
    this.bidRejection = reason;
  }

  /** Answers every bid with an {@code error} of this code naming its order (null: none). */
  void failBidsWith(String code) {
    this.bidError = code;
  }

  /** {@code FILLED} or {@code FADED} as a {@code fill-result}; anything else as an error code. */
  void answerFillsWith(String outcome) {
    this.fillAnswer = outcome;
  }

  /** On a resume, replays this many events before the solver's {@code after} too. */
  void replayOverlap(int events) {
    this.replayOverlap = events;
  }

  /** Joins the messages of a frame with {@code separator} and ends it with {@code trailer}. */
  void frameWith(String separator, String trailer) {
    this.separator = separator;
    this.trailer = trailer;
  }

  // ---- the feed

  /** Publishes an event to every welcomed session. */
  Event publish(Event template) {
    return publishInOneFrame(template).get(0);
  }

  /** Publishes to one solver only (as awards are). */
  Event publish(Event template, Address to) {
    return publishInOneFrame(to, template).get(0);
  }

  /** Publishes events to everyone, all in one frame per session. */
  List<Event> publishInOneFrame(Event... templates) {
    return publishInOneFrame(null, templates);
  }

  /** Numbers the events and writes those meant for each session as one frame. */
  List<Event> publishInOneFrame(Address to, Event... templates) {
    synchronized (feed) {
      List<Event> events = new ArrayList<>();
      for (Event t : templates) {
        Event e =
            new Event(
                ++seq,
                t.type,
                t.orderId,
                t.market,
                t.side,
                t.size,
                t.limitPrice,
                t.maxFee,
                t.closesAt,
                t.fillDeadline,
                t.price,
                t.fee,
                to == null ? null : to.toChecksumHex());
        if ("quote".equals(e.type)) {
          openQuotes.add(e.id());
        }
        recent.add(e);
        events.add(e);
      }
      for (Session s : listening) {
        List<String> frame = new ArrayList<>();
        events.stream().filter(e -> e.isFor(s.solver)).forEach(e -> frame.add(e.json()));
        if (!frame.isEmpty()) {
          s.write(String.join(separator, frame) + trailer);
        }
      }
      return events;
    }
  }

  /** Closes every session from the hub's side; no event reaches them after this returns. */
  void dropSessions() {
    List<Session> dropped;
    synchronized (feed) {
      dropped = new ArrayList<>(sessions);
      listening.removeAll(dropped);
    }
    for (Session s : dropped) {
      s.ws.close((short) 1001, "going away");
    }
  }

  // ---- what the tests read (each waits up to WAIT_SECONDS)

  Registration nextRegistration() {
    return next(registrations, "registration");
  }

  Hello nextHello() {
    return next(hellos, "hello");
  }

  Inbound nextInbound() {
    return next(inbound, "session message");
  }

  /** The types of the messages of the next frame a welcomed session sent. */
  List<String> nextFrame() {
    return next(framesIn, "frame");
  }

  QuoteAnswer nextQuoteAnswer() {
    return next(quoteAnswers, "quote answer");
  }

  /** When the next session upgrade was asked for ({@link System#nanoTime()}). */
  long nextUpgradeNanos() {
    return next(upgrades, "session upgrade");
  }

  /** When the answer to the next fill was written ({@link System#nanoTime()}). */
  long nextFillAnswerNanos() {
    return next(fillAnswers, "fill answer");
  }

  static <T> T next(BlockingQueue<T> queue, String what) {
    try {
      T t = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (t == null) {
        throw new AssertionError("no " + what + " within " + WAIT_SECONDS + " s");
      }
      return t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }

  // ---- HTTP

  private void route(HttpServerRequest req) {
    String path = req.path();
    if (req.method() == HttpMethod.GET && SESSION.equals(path)) {
      upgrade(req);
    } else if (req.method() == HttpMethod.GET && "/v1/hub".equals(path)) {
      ObjectNode hub = JSON.createObjectNode();
      hub.put("name", DOMAIN.name());
      hub.put("version", DOMAIN.version());
      hub.put("chainId", DOMAIN.chainId().toString());
      hub.put("verifyingContract", DOMAIN.verifyingContract().toChecksumHex());
      answer(req, 200, hub);
    } else if (req.method() == HttpMethod.POST && "/v1/solvers/registrations".equals(path)) {
      req.body().onSuccess(body -> register(req, body.toString()));
    } else if (req.method() == HttpMethod.POST && QUOTE_ANSWER.matcher(path).matches()) {
      Matcher m = QUOTE_ANSWER.matcher(path);
      m.matches();
      OrderId quoteId = OrderId.parse(m.group(1));
      req.body().onSuccess(body -> answerQuote(req, quoteId, body.toString()));
    } else {
      problem(req, 404, "not-found", "no route " + req.method() + " " + path);
    }
  }

  private synchronized void upgrade(HttpServerRequest req) {
    upgrades.add(System.nanoTime());
    if (!"websocket".equalsIgnoreCase(req.getHeader("upgrade"))) {
      problem(req, 426, "upgrade-required", "open this path as a WebSocket");
    } else if (upgradeMode == Upgrades.REFUSE) {
      problem(req, 503, "unavailable", "the hub is restarting");
    } else if (upgradeMode == Upgrades.SILENT) {
      req.toWebSocket();
    } else if (upgradeMode == Upgrades.HOLD) {
      req.pause();
      held.add(req);
    } else {
      accept(req);
    }
  }

  private void accept(HttpServerRequest req) {
    req.toWebSocket().onSuccess(ws -> new Session(ws).start());
  }

  private void register(HttpServerRequest req, String body) {
    JsonNode root = parse(body);
    JsonNode r = root.path("registration");
    Address solver = Address.parse(r.path("solver").asText());
    String name = r.path("name").asText();
    Address signer =
        recover(
            new SolverRegistration(solver, name, r.path("issuedAt").asLong()).digest(DOMAIN), root);
    registrations.add(new Registration(solver, name, signer));
    if (!solver.equals(signer)) {
      problem(req, 400, "bad-signature", "the registration is not signed by its solver");
    } else if (!allowed.contains(solver)) {
      problem(req, 403, "registration-refused", solver + " is not on the allow-list");
    } else {
      registered.add(solver);
      ObjectNode done = JSON.createObjectNode();
      done.put("solver", solver.toChecksumHex());
      done.put("name", name);
      done.put("bond", "0");
      answer(req, 201, done);
    }
  }

  private void answerQuote(HttpServerRequest req, OrderId quoteId, String body) {
    JsonNode root = parse(body);
    SolverBid bid = solverBid(root);
    Address signer = recover(bid.digest(DOMAIN), root);
    quoteAnswers.add(new QuoteAnswer(bid, signer));
    if (!bid.orderId().equals(quoteId)) {
      problem(req, 400, "invalid-field", "bid.orderId is not this quote");
    } else if (!openQuotes.contains(quoteId) || !bid.solver().equals(signer)) {
      problem(req, 404, "not-found", "no open quote request " + quoteId + " for this solver");
    } else {
      answer(req, 200, JSON.createObjectNode().put("accepted", true));
    }
  }

  private static void answer(HttpServerRequest req, int status, JsonNode body) {
    req.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.toString());
  }

  private static void problem(HttpServerRequest req, int status, String code, String detail) {
    ObjectNode p = JSON.createObjectNode();
    p.put("status", status);
    p.put("code", code);
    p.put("detail", detail);
    req.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/problem+json")
        .end(p.toString());
  }

  // ---- the session socket

  /** One session, as the hub's {@code SolverSessionConnection} runs it. */
  private final class Session {
    final ServerWebSocket ws;
    final Bytes32 challenge;
    volatile Address solver;

    Session(ServerWebSocket ws) {
      this.ws = ws;
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      this.challenge = Bytes32.wrap(random);
    }

    void start() {
      sessions.add(this);
      ws.textMessageHandler(this::frame);
      ws.closeHandler(
          v -> {
            sessions.remove(this);
            synchronized (feed) {
              listening.remove(this);
            }
          });
      ObjectNode hi = message("challenge");
      hi.put("challenge", challenge.toHex());
      write(hi.toString());
    }

    void frame(String text) {
      List<String> types = new ArrayList<>();
      boolean welcomed = solver != null;
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode m;
        try {
          m = JSON.readTree(line);
        } catch (java.io.IOException e) {
          error("malformed-json", "not JSON", null);
          continue;
        }
        String type = m.path("type").asText();
        types.add(type);
        if ("hello".equals(type)) {
          try {
            hello(m);
          } catch (RuntimeException malformed) {
            refuse("invalid-field", "malformed hello: " + malformed.getMessage());
            return;
          }
        } else if (solver == null) {
          refuse("hello-required", "send hello (the signed challenge) first");
          return;
        } else {
          try {
            switch (type) {
              case "bid" -> bid(m);
              case "decline" -> inbound.add(new Inbound(type, m, null));
              case "fill" -> fill(m);
              default -> error("invalid-field", "unknown message type: " + type, null);
            }
          } catch (RuntimeException malformed) {
            error("invalid-field", "malformed " + type + ": " + malformed.getMessage(), null);
          }
        }
      }
      if (welcomed) {
        framesIn.add(types);
      }
    }

    private void hello(JsonNode m) {
      Address claimed = Address.parse(m.path("solver").asText());
      Address signer = recover(new SolverSession(claimed, challenge).digest(DOMAIN), m);
      long after = m.path("after").asLong(-1);
      Hello hello = new Hello(claimed, signer, after);
      if (!claimed.equals(signer)) {
        hellos.add(hello);
        refuse("bad-signature", "the hello is not SolverSession(solver, challenge) signed");
        return;
      }
      if (!registered.contains(claimed)) {
        hellos.add(hello);
        refuse("registration-refused", claimed + " is not a registered solver");
        return;
      }
      synchronized (feed) {
        solver = claimed;
        List<String> frame = new ArrayList<>();
        ObjectNode welcome = message("welcome");
        welcome.put("solver", claimed.toChecksumHex());
        welcome.put("after", after < 0 ? seq : after);
        frame.add(welcome.toString());
        if (after >= 0) {
          for (Event e : recent) {
            if (e.seq > after - replayOverlap && e.isFor(claimed)) {
              frame.add(e.json());
            }
          }
        }
        write(String.join(separator, frame) + trailer); // the welcome and what was missed
        listening.add(this);
      }
      hellos.add(hello); // once heard, the session listens: what is published next reaches it
    }

    private void bid(JsonNode m) {
      SolverBid bid = solverBid(m);
      Address signer = recover(bid.digest(DOMAIN), m);
      inbound.add(new Inbound("bid", m, signer));
      String reason =
          !bid.solver().equals(solver) || !solver.equals(signer) ? "bad-signature" : bidRejection;
      if (reason != null) {
        ObjectNode r = message("bid-rejected");
        r.put("orderId", bid.orderId().toHex());
        r.put("reason", reason);
        write(r.toString());
      } else if (bidError != null) {
        error(bidError, "refused", bid.orderId());
      }
    }

    private void fill(JsonNode m) {
      JsonNode f = m.path("fill");
      FillReport report =
          new FillReport(
              OrderId.parse(f.path("orderId").asText()),
              Address.parse(f.path("solver").asText()),
              Long.parseLong(f.path("venueChainId").asText()),
              Bytes32.fromHex(f.path("txHash").asText()),
              Uint256.of(new BigInteger(f.path("size").asText())),
              Uint256.of(new BigInteger(f.path("price").asText())));
      Address signer = recover(report.digest(DOMAIN), m);
      inbound.add(new Inbound("fill", m, signer));
      String outcome = fillAnswer;
      if (!report.solver().equals(solver) || !solver.equals(signer)) {
        outcome = "not-the-winner";
      }
      fillAnswers.add(System.nanoTime());
      if ("FILLED".equals(outcome) || "FADED".equals(outcome)) {
        ObjectNode r = message("fill-result");
        r.put("orderId", report.orderId().toHex());
        r.put("outcome", outcome);
        write(r.toString());
      } else {
        error(outcome, "the hub refused the fill", report.orderId());
      }
    }

    private void error(String code, String detail, OrderId orderId) {
      ObjectNode r = message("error");
      r.put("code", code);
      r.put("detail", detail);
      if (orderId != null) {
        r.put("orderId", orderId.toHex());
      }
      write(r.toString());
    }

    /** The error, then a policy-violation close, as the hub does. */
    private void refuse(String code, String detail) {
      error(code, detail, null);
      ws.close((short) 1008, code);
    }

    /** One frame; writes from the feed and from answers keep their order. */
    synchronized void write(String frame) {
      if (!ws.isClosed()) {
        ws.writeTextMessage(frame);
      }
    }
  }

  private static ObjectNode message(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + body, e);
    }
  }

  private static SolverBid solverBid(JsonNode root) {
    JsonNode b = root.path("bid");
    return new SolverBid(
        OrderId.parse(b.path("orderId").asText()),
        Address.parse(b.path("solver").asText()),
        Uint256.of(new BigInteger(b.path("price").asText())),
        Uint256.of(new BigInteger(b.path("fee").asText())),
        Long.parseLong(b.path("validUntil").asText()));
  }

  /** Who signed the digest with the message's {@code signature}; null if nobody recovers. */
  private static Address recover(byte[] digest, JsonNode message) {
    try {
      return Secp256k1Provider.recovery()
          .recover(digest, Signature.parse(message.path("signature").asText()));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the hub stand-in did not start or stop", e);
    }
  }
}
