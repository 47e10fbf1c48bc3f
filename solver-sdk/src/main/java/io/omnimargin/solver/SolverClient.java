package io.omnimargin.solver;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A solver's connection to an Omnimargin hub: registers the solver's key over HTTP, then holds one
 * session socket ({@code /v1/solvers/session}, a WebSocket) that carries open auctions, quote
 * requests, liquidations and the solver's awards and takeovers in, and its signed bids, declines,
 * fill reports and liquidation bids out. It asks the {@link Solver} for bids (an empty answer is
 * sent as a decline, which lets the auction close early) and passes awards with a {@link Filler}
 * that signs fill reports. The socket reconnects with exponential backoff (100 ms to 10 s) and
 * resumes after the last event seen, so no auction announced meanwhile is lost while the hub still
 * holds it. Plain Java (the JDK HTTP and WebSocket client); no framework at runtime.
 *
 * <pre>{@code
 * SolverClient client = SolverClient.connect(URI.create("http://localhost:8080"), key, domain,
 *     "my-maker", mySolver);
 * ...
 * client.close();
 * }</pre>
 */
public final class SolverClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SolverClient.class.getName());

  /** Strict about what the hub sends: a member named twice is malformed, not its last value. */
  static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  static final SessionCodec CODEC = new SessionCodec(JSON);

  /** The fill answers once the margin engine has it: allow for a busy hub. */
  private static final long FILL_ANSWER_SECONDS = 30;

  private final URI base;
  private final PrivateKey key;
  private final Eip712Domain domain;
  private final Solver solver;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // a long-lived stream and short calls side by side
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final SessionLink session;
  private final LiquidationBids liquidations;

  /** -1 until the first welcome, which says where "now" is; a reconnect resumes after this. */
  private volatile long lastSeq = -1;

  /** Closed by its owner: the session's end is not a disconnection to report. */
  private volatile boolean closing;

  // Callbacks run here, not on the socket: a slow bid must not hold up the next announcement.
  private final ExecutorService workers =
      Executors.newFixedThreadPool(4, NamedThreads.pool("omnimargin-solver-worker"));

  /** Auctions bid on lately, so that a rejection that comes back can name its auction. */
  private final Map<OrderId, OpenAuction> bidOn =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<OrderId, OpenAuction> eldest) {
              return size() > 4096;
            }
          });

  /** Fill reports sent and not yet answered, by order. */
  private final Map<OrderId, CompletableFuture<String>> fillsInFlight = new ConcurrentHashMap<>();

  private SolverClient(URI base, PrivateKey key, Eip712Domain domain, Solver solver) {
    this.base = base;
    this.key = key;
    this.domain = domain;
    this.solver = solver;
    this.session =
        new SessionLink(http, base, key, domain, () -> lastSeq, new SessionHandler(), CODEC);
    this.liquidations = new LiquidationBids(key, domain, solver, session::send);
  }

  /**
   * Connects with the hub's own domain (read from {@code GET /v1/hub}) and the solver's address as
   * its name.
   *
   * @throws SolverException if the hub cannot be reached or refuses the registration
   */
  public static SolverClient connect(URI url, PrivateKey key, Solver solver) {
    SolverClient probe = new SolverClient(url, key, null, solver);
    JsonNode hub = probe.get("/v1/hub");
    Eip712Domain domain =
        new Eip712Domain(
            hub.path("name").asText(),
            hub.path("version").asText(),
            io.omnimargin.protocol.types.ChainId.parse(hub.path("chainId").asText()),
            io.omnimargin.protocol.types.Address.parse(hub.path("verifyingContract").asText()));
    return connect(url, key, domain, key.address().toChecksumHex().substring(0, 10), solver);
  }

  /**
   * Registers (the key must be on the hub's allow-list) and starts streaming.
   *
   * @param url the hub, e.g. {@code http://localhost:8080}
   * @param key the solver's key: its address is the solver's identity; it signs every bid
   * @param domain the hub's EIP-712 domain (chain id and settler of its intents)
   * @param name a display name, 1 to 64 characters
   * @throws SolverException if the hub refuses the registration
   */
  public static SolverClient connect(
      URI url, PrivateKey key, Eip712Domain domain, String name, Solver solver) {
    SolverClient client = new SolverClient(url, key, domain, solver);
    client.register(name);
    client.session.start();
    return client;
  }

  /** Whether the session is up (welcomed by the hub) right now. */
  public boolean streaming() {
    return session.up();
  }

  /** The number of the last event received (the resume point). */
  public long lastEvent() {
    return lastSeq;
  }

  /** The issuedAt of this process's last registration per solver key. */
  private static final Map<io.omnimargin.protocol.types.Address, Long> ISSUED =
      new ConcurrentHashMap<>();

  /**
   * Now, in unix seconds, or one more than this key's last registration if that is later: the hub
   * takes a registration only while fresh (within minutes of its clock) and only once, so two
   * registrations of one key within a second must not carry the same issuedAt.
   */
  private static long issuedAt(io.omnimargin.protocol.types.Address solver) {
    long now = Instant.now().getEpochSecond();
    return ISSUED.merge(solver, now, (last, fresh) -> Math.max(fresh, last + 1));
  }

  private void register(String name) {
    long issuedAt = issuedAt(key.address());
    SolverRegistration r = new SolverRegistration(key.address(), name, issuedAt);
    ObjectNode body = JSON.createObjectNode();
    body.putObject("registration")
        .put("solver", key.address().toChecksumHex())
        .put("name", name)
        .put("issuedAt", issuedAt);
    body.put("signature", key.sign(r.digest(domain)).toHex());
    post("/v1/solvers/registrations", body);
  }

  /**
   * Signs and submits a bid over HTTP and waits for the answer: the synchronous way, for bids made
   * outside {@link Solver#bid} (which go over the session).
   *
   * @throws SolverException with the rejection reason when the hub refuses the bid
   */
  public void submitBid(OrderId orderId, Bid bid) {
    post("/v1/auctions/" + orderId.toHex() + "/bids", httpBody(signedBid(orderId, bid)));
  }

  /**
   * Signs and submits a takeover bid over HTTP and waits for the answer: the synchronous way, for
   * bids made outside {@link Solver#onLiquidation} (which go over the session).
   *
   * @throws SolverException with the problem code when the hub refuses the bid
   */
  public void submitTakeover(LiquidationOffer offer, TakeoverBid bid) {
    post("/v1/liquidations/" + offer.id() + "/bids", httpBody(liquidations.signed(offer, bid)));
  }

  /** A session message as an HTTP body: the same object without its {@code type}. */
  private static ObjectNode httpBody(SessionMessage message) {
    ObjectNode body = CODEC.write(message);
    body.remove("type");
    return body;
  }

  /** A signed bid or quote answer, for the session or (without its type) HTTP. */
  private SessionMessage.Bid signedBid(OrderId orderId, Bid bid) {
    SolverBid signed =
        new SolverBid(
            orderId,
            key.address(),
            Uint256.of(bid.price()),
            Uint256.of(bid.fee()),
            bid.validUntil());
    return new SessionMessage.Bid(signed, key.sign(signed.digest(domain)));
  }

  private void answerQuote(OrderId quoteId, Bid quote) {
    try {
      post("/v1/quotes/" + quoteId.toHex() + "/answers", httpBody(signedBid(quoteId, quote)));
    } catch (SolverException late) {
      LOG.fine(() -> "quote answer not taken: " + late.getMessage());
    }
  }

  /**
   * Reports fills over the session and waits for the hub's {@code fill-result}: the engine has then
   * applied the fill (or the award passed on).
   */
  private Filler filler(OrderId orderId) {
    return (venueChainId, txHash, size, price) -> {
      FillReport report =
          new FillReport(
              orderId,
              key.address(),
              venueChainId,
              Bytes32.fromHex(txHash),
              Uint256.of(size),
              Uint256.of(price));
      SessionMessage message = new SessionMessage.Fill(report, key.sign(report.digest(domain)));
      CompletableFuture<String> answer = new CompletableFuture<>();
      if (fillsInFlight.putIfAbsent(orderId, answer) != null) {
        throw new SolverException(0, "fill-in-flight", null, "a fill for " + orderId + " waits");
      }
      session.send(message);
      String outcome = await(answer, orderId);
      if (!"FILLED".equals(outcome)) {
        throw new SolverException(
            0, "fill-not-taken", null, "the hub answered " + outcome + ": the award passed on");
      }
    };
  }

  private static String await(CompletableFuture<String> answer, OrderId orderId) {
    try {
      return answer.get(FILL_ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof SolverException refused
          ? refused
          : new SolverException(0, "unreachable", null, e.getCause().toString());
    } catch (TimeoutException e) {
      throw new SolverException(
          0,
          "no-answer",
          null,
          "no fill-result for " + orderId + " in " + FILL_ANSWER_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SolverException(0, "interrupted", null, "waiting for the fill of " + orderId);
    }
  }

  private JsonNode get(String path) {
    return call(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        path);
  }

  private JsonNode post(String path, JsonNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return call(request, path);
  }

  private JsonNode call(HttpRequest request, String path) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode answer =
          response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new SolverException(
            response.statusCode(),
            answer.path("code").asText("http-" + response.statusCode()),
            answer.hasNonNull("reason") ? answer.get("reason").asText() : null,
            answer.path("detail").asText(response.body()));
      }
      return answer;
    } catch (IOException e) {
      throw new SolverException(0, "unreachable", null, base + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SolverException(0, "interrupted", null, path);
    }
  }

  /** What comes over the session after the welcome. */
  private final class SessionHandler implements SessionLink.Handler {
    private final java.util.concurrent.atomic.AtomicBoolean welcomed =
        new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void onWelcome(long after) {
      if (lastSeq < 0) {
        lastSeq = after; // a first session starts from now: resume from there if it drops
      }
      welcomed.set(true);
      tell(solver::onConnected);
    }

    @Override
    public void onMessage(SessionMessage m) {
      if (m instanceof SessionMessage.FeedEvent e) {
        handle(e);
      } else if (m instanceof SessionMessage.FillResult r) {
        answerFill(r.orderId(), r.outcome(), null);
      } else if (m instanceof SessionMessage.LiquidationBidRejected r) {
        workers.execute(() -> liquidations.rejected(r));
      } else if (m instanceof SessionMessage.BidRejected r) {
        rejected(
            r.orderId(),
            new SolverException(0, "bid-rejected", r.reason(), "the hub refused the bid"));
      } else if (m instanceof SessionMessage.Error error) {
        SolverException e = new SolverException(0, error.code(), null, error.detail());
        OrderId about = orderOf(error.orderId());
        if (!answerFill(about, null, e) && !rejected(about, e)) {
          LOG.warning("the hub reports " + e.getMessage());
        }
      } else {
        LOG.fine(() -> "ignored session message " + m);
      }
    }

    @Override
    public void onDown() {
      SolverException lost =
          new SolverException(0, "unreachable", null, "the session closed before the answer");
      fillsInFlight.values().forEach(f -> f.completeExceptionally(lost));
      fillsInFlight.clear();
      if (welcomed.getAndSet(false)) { // a session that was up, not a failed attempt
        tell(solver::onDisconnected);
      }
    }

    /** Runs a connection callback on the workers, unless the client is closed. */
    private void tell(Runnable callback) {
      if (closing) {
        return;
      }
      try {
        workers.execute(callback);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // closed by its owner: nothing to tell
      }
    }

    /** Settles the waiting fill of {@code orderId}, if any. */
    private boolean answerFill(OrderId orderId, String outcome, SolverException refused) {
      CompletableFuture<String> waiting = orderId == null ? null : fillsInFlight.remove(orderId);
      if (waiting == null) {
        return false;
      }
      if (refused != null) {
        waiting.completeExceptionally(refused);
      } else {
        waiting.complete(outcome);
      }
      return true;
    }

    /** Tells the solver of a refused bid, if it bid on {@code orderId}. */
    private boolean rejected(OrderId orderId, SolverException reason) {
      OpenAuction auction = orderId == null ? null : bidOn.remove(orderId);
      if (auction == null) {
        return false;
      }
      workers.execute(() -> solver.onBidRejected(auction, reason));
      return true;
    }

    private OrderId orderOf(String hex) {
      try {
        return hex == null ? null : OrderId.parse(hex);
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  private void handle(SessionMessage.FeedEvent e) {
    long seq = e.seq();
    if (seq <= lastSeq) {
      return; // replayed after a reconnect: already handled
    }
    lastSeq = seq;
    workers.execute(() -> dispatch(e));
  }

  private void dispatch(SessionMessage.FeedEvent e) {
    try {
      if ("liquidation".equals(e.type())) {
        liquidations.offered(e);
      } else if ("takeover".equals(e.type())) {
        liquidations.tookOver(e);
      } else {
        dispatchOrder(e);
      }
    } catch (RuntimeException failure) {
      LOG.log(Level.WARNING, "solver callback failed on event " + e.seq(), failure);
    }
  }

  /** An event about an order: an auction, a quote request or an award. */
  private void dispatchOrder(SessionMessage.FeedEvent e) {
    OrderId orderId = OrderId.parse(e.orderId());
    boolean buy = "BUY".equals(e.side());
    switch (e.type()) {
      case "auction" -> bidOn(orderId, buy, e);
      case "quote" ->
          solver
              .quote(
                  new QuoteRequest(
                      orderId,
                      e.market(),
                      buy,
                      number(e.size()),
                      Instant.ofEpochMilli(e.closesAt())))
              .ifPresent(q -> answerQuote(orderId, q));
      case "award" ->
          solver.onAward(
              new Award(
                  orderId,
                  e.market(),
                  buy,
                  number(e.size()),
                  number(e.price()),
                  number(e.fee()),
                  e.fillDeadline()),
              filler(orderId));
      default -> LOG.fine(() -> "ignored feed event " + e.type());
    }
  }

  /** A uint256 of a feed event, in ASCII digits. */
  private static BigInteger number(String decimal) {
    return Digits.unsigned(decimal, Digits.UINT256_DIGITS);
  }

  /** Asks the solver for a bid; an empty answer declines, which lets the auction close early. */
  private void bidOn(OrderId orderId, boolean buy, SessionMessage.FeedEvent e) {
    OpenAuction auction =
        new OpenAuction(
            orderId,
            e.market(),
            buy,
            number(e.size()),
            number(e.limitPrice()),
            number(e.maxFee()),
            Instant.ofEpochMilli(e.closesAt()),
            e.fillDeadline());
    Optional<Bid> bid = solver.bid(auction);
    if (bid.isPresent()) {
      bidOn.put(orderId, auction);
      session.send(signedBid(orderId, bid.get()));
    } else {
      session.send(new SessionMessage.Decline(orderId));
    }
  }

  /** Closes the session; bids and awards in flight are abandoned. */
  @Override
  public void close() {
    closing = true;
    session.close();
    workers.shutdownNow();
  }
}
