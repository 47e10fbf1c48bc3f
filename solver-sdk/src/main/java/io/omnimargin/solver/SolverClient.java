package io.omnimargin.solver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Bytes32;
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
 * requests and the solver's awards in, and its signed bids, declines and fill reports out. It asks
 * the {@link Solver} for bids (an empty answer is sent as a decline, which lets the auction close
 * early) and passes awards with a {@link Filler} that signs fill reports. The socket reconnects
 * with exponential backoff (100 ms to 10 s) and resumes after the last event seen, so no auction
 * announced meanwhile is lost while the hub still holds it. Plain Java (the JDK HTTP and WebSocket
 * client); no framework at runtime.
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
  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** -1 until the first welcome, which says where "now" is; a reconnect resumes after this. */
  private volatile long lastSeq = -1;

  // Callbacks run here, not on the socket: a slow bid must not hold up the next announcement.
  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "omnimargin-solver-worker");
            t.setDaemon(true);
            return t;
          });

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
    this.session = new SessionLink(http, base, key, domain, () -> lastSeq, new SessionHandler());
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

  private void register(String name) {
    long issuedAt = Instant.now().getEpochSecond();
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
    post("/v1/auctions/" + orderId.toHex() + "/bids", signedBid(orderId, bid));
  }

  /** {@code {"bid": {…}, "signature"}}: the body of a bid or quote answer, over HTTP or session. */
  private ObjectNode signedBid(OrderId orderId, Bid bid) {
    SolverBid signed =
        new SolverBid(
            orderId,
            key.address(),
            Uint256.of(bid.price()),
            Uint256.of(bid.fee()),
            bid.validUntil());
    ObjectNode body = JSON.createObjectNode();
    body.putObject("bid")
        .put("orderId", orderId.toHex())
        .put("solver", key.address().toChecksumHex())
        .put("price", bid.price().toString())
        .put("fee", bid.fee().toString())
        .put("validUntil", bid.validUntil());
    body.put("signature", key.sign(signed.digest(domain)).toHex());
    return body;
  }

  private void answerQuote(OrderId quoteId, Bid quote) {
    try {
      post("/v1/quotes/" + quoteId.toHex() + "/answers", signedBid(quoteId, quote));
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
      ObjectNode message = JSON.createObjectNode();
      message.put("type", "fill");
      message
          .putObject("fill")
          .put("orderId", orderId.toHex())
          .put("solver", key.address().toChecksumHex())
          .put("venueChainId", Long.toString(venueChainId))
          .put("txHash", txHash)
          .put("size", size.toString())
          .put("price", price.toString());
      message.put("signature", key.sign(report.digest(domain)).toHex());
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
      throw new SolverException(0, "unreachable", null, base + path + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SolverException(0, "interrupted", null, path);
    }
  }

  /** What comes over the session after the welcome. */
  private final class SessionHandler implements SessionLink.Handler {
    @Override
    public void onWelcome(long after) {
      if (lastSeq < 0) {
        lastSeq = after; // a first session starts from now: resume from there if it drops
      }
    }

    @Override
    public void onMessage(JsonNode m) {
      switch (m.path("type").asText()) {
        case "auction", "quote", "award" -> handle(m);
        case "fill-result" -> answerFill(m, m.path("outcome").asText(), null);
        case "bid-rejected" ->
            rejected(
                m,
                new SolverException(
                    0, "bid-rejected", m.path("reason").asText(), "the hub refused the bid"));
        case "error" -> {
          SolverException e =
              new SolverException(
                  0, m.path("code").asText("error"), null, m.path("detail").asText());
          if (!answerFill(m, null, e) && !rejected(m, e)) {
            LOG.warning("the hub reports " + e.getMessage());
          }
        }
        default -> LOG.fine(() -> "ignored session message " + m);
      }
    }

    @Override
    public void onDown() {
      SolverException lost =
          new SolverException(0, "unreachable", null, "the session closed before the answer");
      fillsInFlight.values().forEach(f -> f.completeExceptionally(lost));
      fillsInFlight.clear();
    }

    /** Settles the waiting fill of the message's order, if any. */
    private boolean answerFill(JsonNode m, String outcome, SolverException refused) {
      CompletableFuture<String> waiting = fillsInFlight.remove(orderOf(m));
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

    /** Tells the solver of a refused bid, if it bid on the message's order. */
    private boolean rejected(JsonNode m, SolverException reason) {
      OpenAuction auction = bidOn.remove(orderOf(m));
      if (auction == null) {
        return false;
      }
      workers.execute(() -> solver.onBidRejected(auction, reason));
      return true;
    }

    private OrderId orderOf(JsonNode m) {
      try {
        return OrderId.parse(m.path("orderId").asText());
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  private void handle(JsonNode e) {
    long seq = e.path("seq").asLong();
    if (seq <= lastSeq) {
      return; // replayed after a reconnect: already handled
    }
    lastSeq = seq;
    workers.execute(() -> dispatch(e, seq));
  }

  private void dispatch(JsonNode e, long seq) {
    OrderId orderId = OrderId.parse(e.path("orderId").asText());
    boolean buy = "BUY".equals(e.path("side").asText());
    try {
      if ("auction".equals(e.path("type").asText())) {
        OpenAuction auction =
            new OpenAuction(
                orderId,
                e.path("market").asText(),
                buy,
                new BigInteger(e.path("size").asText()),
                new BigInteger(e.path("limitPrice").asText()),
                new BigInteger(e.path("maxFee").asText()),
                Instant.ofEpochMilli(e.path("closesAt").asLong()),
                e.path("fillDeadline").asLong());
        Optional<Bid> bid = solver.bid(auction);
        ObjectNode answer;
        if (bid.isPresent()) {
          answer = signedBid(orderId, bid.get());
          bidOn.put(orderId, auction);
        } else {
          answer = JSON.createObjectNode().put("orderId", orderId.toHex());
        }
        session.send(answer.put("type", bid.isPresent() ? "bid" : "decline"));
      } else if ("quote".equals(e.path("type").asText())) {
        QuoteRequest request =
            new QuoteRequest(
                orderId,
                e.path("market").asText(),
                buy,
                new BigInteger(e.path("size").asText()),
                Instant.ofEpochMilli(e.path("closesAt").asLong()));
        solver.quote(request).ifPresent(q -> answerQuote(orderId, q));
      } else if ("award".equals(e.path("type").asText())) {
        solver.onAward(
            new Award(
                orderId,
                e.path("market").asText(),
                buy,
                new BigInteger(e.path("size").asText()),
                new BigInteger(e.path("price").asText()),
                new BigInteger(e.path("fee").asText()),
                e.path("fillDeadline").asLong()),
            filler(orderId));
      }
    } catch (RuntimeException failure) {
      LOG.log(Level.WARNING, "solver callback failed on event " + seq, failure);
    }
  }

  /** Closes the session; bids and awards in flight are abandoned. */
  @Override
  public void close() {
    session.close();
    workers.shutdownNow();
  }
}
