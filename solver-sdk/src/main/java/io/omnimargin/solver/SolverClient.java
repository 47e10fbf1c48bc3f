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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A solver's connection to an Omnimargin hub: registers the solver's key, streams open auctions and
 * its awards (Server-Sent Events), asks the {@link Solver} for bids, signs and submits them, and
 * passes awards with a {@link Filler} that signs fill reports. The stream reconnects with
 * exponential backoff (100 ms to 10 s) and resumes after the last event seen, so no auction
 * announced meanwhile is lost while the hub still holds it. Plain Java (JDK HTTP client); no
 * framework at runtime.
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

  private final URI base;
  private final PrivateKey key;
  private final Eip712Domain domain;
  private final Solver solver;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // a long-lived stream and short calls side by side
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final Thread reader;

  /** -1 until the first event: a new client starts from now; a reconnect resumes after this. */
  private volatile long lastSeq = -1;

  // Callbacks run here, not on the stream: a slow bid must not hold up the next announcement.
  private final java.util.concurrent.ExecutorService workers =
      java.util.concurrent.Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "omnimargin-solver-worker");
            t.setDaemon(true);
            return t;
          });
  private volatile InputStream current;
  private volatile boolean connected;

  private SolverClient(URI base, PrivateKey key, Eip712Domain domain, Solver solver) {
    this.base = base;
    this.key = key;
    this.domain = domain;
    this.solver = solver;
    this.reader = new Thread(this::run, "omnimargin-solver-" + key.address().toChecksumHex());
    this.reader.setDaemon(true);
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
    client.reader.start();
    return client;
  }

  /** Whether the event stream is up right now. */
  public boolean streaming() {
    return connected;
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

  /** Signs and submits a bid; throws {@link SolverException} with the reason when refused. */
  public void submitBid(OrderId orderId, Bid bid) {
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
    post("/v1/auctions/" + orderId.toHex() + "/bids", body);
  }

  private void answerQuote(OrderId quoteId, Bid quote) {
    SolverBid signed =
        new SolverBid(
            quoteId,
            key.address(),
            Uint256.of(quote.price()),
            Uint256.of(quote.fee()),
            quote.validUntil());
    ObjectNode body = JSON.createObjectNode();
    body.putObject("bid")
        .put("orderId", quoteId.toHex())
        .put("solver", key.address().toChecksumHex())
        .put("price", quote.price().toString())
        .put("fee", quote.fee().toString())
        .put("validUntil", quote.validUntil());
    body.put("signature", key.sign(signed.digest(domain)).toHex());
    try {
      post("/v1/quotes/" + quoteId.toHex() + "/answers", body);
    } catch (SolverException late) {
      LOG.fine(() -> "quote answer not taken: " + late.getMessage());
    }
  }

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
      ObjectNode body = JSON.createObjectNode();
      body.putObject("fill")
          .put("orderId", orderId.toHex())
          .put("solver", key.address().toChecksumHex())
          .put("venueChainId", Long.toString(venueChainId))
          .put("txHash", txHash)
          .put("size", size.toString())
          .put("price", price.toString());
      body.put("signature", key.sign(report.digest(domain)).toHex());
      post("/v1/auctions/" + orderId.toHex() + "/fills", body);
    };
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

  private void run() {
    long backoff = 100;
    while (open.get()) {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(
                    base.resolve(
                        "/v1/solvers/"
                            + key.address().toChecksumHex()
                            + "/stream?after="
                            + lastSeq))
                .header("accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response =
            http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
          response.body().close();
          throw new IOException("stream answered " + response.statusCode());
        }
        current = response.body();
        connected = true;
        backoff = 100;
        read(response.body());
      } catch (IOException e) {
        if (open.get()) {
          LOG.log(Level.FINE, "stream lost, reconnecting in " + backoff + " ms", e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        connected = false;
      }
      if (!open.get()) {
        return;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  private void read(InputStream in) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      } else if (line.isEmpty() && data.length() > 0) {
        handle(JSON.readTree(data.toString()));
        data.setLength(0);
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
        if (bid.isPresent()) {
          try {
            submitBid(orderId, bid.get());
          } catch (SolverException refused) {
            solver.onBidRejected(auction, refused);
          }
        }
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

  /** Stops streaming; bids and awards in flight are abandoned. */
  @Override
  public void close() {
    open.set(false);
    workers.shutdownNow();
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // closing a dead stream
      }
    }
    reader.interrupt();
  }
}
