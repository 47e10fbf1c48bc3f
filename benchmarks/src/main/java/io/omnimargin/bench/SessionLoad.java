package io.omnimargin.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.eip712.SolverSession;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.testsupport.SignedOrders;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Auction throughput over solver session sockets, as wrk measures intake: the load is prepared
 * before the clock starts (signed intents, and every solver's signed bid on every one of them), so
 * that the two cores go to the hub, not to signing. {@code solvers} sessions each bid on every
 * auction announced; the winner signs and reports its fill when awarded (one signature per auction,
 * on the clock). The load runs in {@code rounds} (default 3) in one process against one hub, so
 * that both JVMs have compiled their hot paths before the last round, the measured one; each round
 * prints auctions per second (first submission to last fill), the submit-to-fill latency and the
 * driver's own CPU time, and the end prints the hub's award latency (close → award sent, from its
 * metrics). Run by {@code benchmarks/run-session-load.sh}; {@code solvers=0} times the driver's
 * intent submissions alone.
 */
public final class SessionLoad {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);
  private static final SessionCodec CODEC = new SessionCodec(new ObjectMapper());

  /** The hub's metrics on its management interface ({@code metrics=URL}). */
  private static URI metrics;

  private SessionLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BenchArgs.parse(args);
    URI hub = URI.create(o.getOrDefault("hub", "http://127.0.0.1:18081/"));
    metrics = BenchArgs.metrics(o, hub);
    int auctions = Integer.parseInt(o.getOrDefault("auctions", "10000"));
    int solvers = Integer.parseInt(o.getOrDefault("solvers", "20"));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
    int inFlight = Integer.parseInt(o.getOrDefault("in-flight", "64"));
    long seed = Long.parseLong(o.getOrDefault("seed", Long.toString(System.nanoTime())));
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
    SignedOrders signer = new SignedOrders(domain);
    List<PrivateKey> keys = AuctionLoad.solverKeys(solvers);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    long openDeadline = System.currentTimeMillis() / 1000 + 3600;
    SignedOrders.Signed[][] orders = prepare(signer, seed, rounds, auctions, openDeadline);
    List<Session> sessions = new ArrayList<>();
    for (int s = 0; s < solvers; s++) {
      sessions.add(new Session(keys.get(s), s, domain, orders, openDeadline + 500));
    }
    // the solvers' sessions and the intake share two event loops (the hub has the rest)
    io.vertx.core.Vertx vertx =
        io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(2));
    io.vertx.core.http.HttpClient intake = open(vertx, sessions, http, hub, inFlight);
    if (solvers > 0) {
      // traders as the margin gate expects them: a price, and collateral for every one
      pushPrice(intake);
      vertx.setPeriodic(5_000, id -> pushPrice(intake));
      fund(intake, auctions, inFlight);
      // each solver is the other side of its wins: it carries every round's shorts on its margin
      fund(intake, solvers, inFlight, keys::get, "100000");
    }
    for (int r = 0; r < rounds; r++) {
      runRound(r, rounds, orders[r], vertx, intake, inFlight, solvers, http, hub);
    }
    sessions.forEach(s -> s.ws.close());
    System.exit(0);
  }

  /** Every round its own signed intents (the same traders, fresh nonces), made before the clock. */
  private static SignedOrders.Signed[][] prepare(
      SignedOrders signer, long seed, int rounds, int auctions, long openDeadline) {
    long prepared = System.nanoTime();
    SignedOrders.Signed[][] orders = new SignedOrders.Signed[rounds][];
    for (int r = 0; r < rounds; r++) {
      long nonces = seed + (long) r * auctions;
      orders[r] =
          IntStream.range(0, auctions)
              .parallel()
              .mapToObj(
                  i -> signer.signed(trader(i), nonces + i, openDeadline, SignedOrders.buyOneEth()))
              .toArray(SignedOrders.Signed[]::new);
    }
    System.out.printf(
        "prepared %d rounds of %d intents in %.1f s%n",
        rounds, auctions, (System.nanoTime() - prepared) / 1e9);
    return orders;
  }

  /** Registers and connects every solver's session; answers the intake client. */
  private static io.vertx.core.http.HttpClient open(
      io.vertx.core.Vertx vertx, List<Session> sessions, HttpClient http, URI hub, int inFlight)
      throws Exception {
    io.vertx.core.http.WebSocketClient sockets =
        vertx.createWebSocketClient(
            new io.vertx.core.http.WebSocketClientOptions().setMaxMessageSize(1 << 20));
    for (Session s : sessions) {
      s.register(http, hub);
      s.connect(sockets, hub);
    }
    return vertx.createHttpClient(
        new io.vertx.core.http.HttpClientOptions()
            .setDefaultHost(hub.getHost())
            .setDefaultPort(hub.getPort()),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(inFlight));
  }

  /** One round: submit, wait for the fills, report with the hub's award latency quantiles. */
  private static void runRound(
      int r,
      int rounds,
      SignedOrders.Signed[] orders,
      io.vertx.core.Vertx vertx,
      io.vertx.core.http.HttpClient intake,
      int inFlight,
      int solvers,
      HttpClient http,
      URI hub)
      throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    Round round = new Round(orders);
    round.submit(vertx, intake, inFlight);
    if (solvers == 0) { // intake alone: how fast this driver submits
      System.out.printf(
          "round %d, intake only: %d accepted in %.2f s: %.0f/s%n",
          r + 1, round.accepted.get(), round.seconds(), round.accepted.get() / round.seconds());
      return;
    }
    round.awaitFills(TimeUnit.SECONDS.toNanos(15));
    round.report(r + 1, rounds, solvers, (os.getProcessCpuTime() - cpu) / 1e9);
    round.explainUnfilled(http, hub, 3);
    // the hub's quantiles cover about its last two minutes: read them while this round is in
    http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
        .body()
        .lines()
        .filter(l -> l.startsWith("omnimargin_auction_award_seconds{") && l.contains("quantile"))
        .forEach(l -> System.out.println("  award latency (ready to close → award sent) " + l));
  }

  /**
   * One round: its intents submitted {@code inFlight} at a time, then the wait for their fills.
   * Fills are counted for this round's orders only, so a late one from the round before does not
   * count twice.
   */
  static final class Round {
    static volatile Round current;

    final SignedOrders.Signed[] orders;
    final Map<String, Integer> index = new java.util.HashMap<>();
    final long[] submittedAt;
    final long[] filledAt;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger filled = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong lastFill =
        new java.util.concurrent.atomic.AtomicLong();
    final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    long start;
    long submittedBy;

    Round(SignedOrders.Signed[] orders) {
      this.orders = orders;
      for (int i = 0; i < orders.length; i++) {
        index.put(orders[i].id().toHex(), i);
      }
      submittedAt = new long[orders.length];
      filledAt = new long[orders.length];
      current = this;
    }

    void submit(io.vertx.core.Vertx vertx, io.vertx.core.http.HttpClient intake, int inFlight)
        throws Exception {
      CompletableFuture<Void> allSubmitted = new CompletableFuture<>();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      Runnable[] submitNext = new Runnable[1];
      submitNext[0] =
          () -> {
            int i = next.getAndIncrement();
            if (i >= orders.length) {
              return;
            }
            submittedAt[i] = System.nanoTime();
            intake
                .request(io.vertx.core.http.HttpMethod.POST, "/v1/intents")
                .compose(
                    req ->
                        req.putHeader("content-type", "application/json")
                            .send(orders[i].body())
                            .compose(r -> r.body().map(b -> r.statusCode())))
                .onComplete(
                    r -> {
                      if (r.succeeded() && r.result() == 202) {
                        accepted.incrementAndGet();
                      } else {
                        refused.incrementAndGet();
                      }
                      if (done.incrementAndGet() == orders.length) {
                        allSubmitted.complete(null);
                      }
                      submitNext[0].run();
                    });
          };
      start = System.nanoTime();
      vertx.runOnContext(
          v -> {
            for (int k = 0; k < inFlight; k++) {
              submitNext[0].run();
            }
          });
      allSubmitted.get(5, TimeUnit.MINUTES);
      submittedBy = System.nanoTime();
    }

    double seconds() {
      return ((lastFill.get() > 0 ? lastFill.get() : submittedBy) - start) / 1e9;
    }

    void filled(String orderId) {
      Integer i = index.get(orderId);
      if (i != null) {
        long now = System.nanoTime();
        filledAt[i] = now;
        lastFill.accumulateAndGet(now, Math::max);
        filled.incrementAndGet();
      }
    }

    void refused(String reason) {
      refusals.computeIfAbsent(reason, k -> new AtomicInteger()).incrementAndGet();
    }

    void awaitFills(long patienceNanos) throws InterruptedException {
      long deadline = System.nanoTime() + patienceNanos;
      while (filled.get() < accepted.get() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }

    /** What the hub says of up to {@code n} accepted intents that got no fill. */
    void explainUnfilled(HttpClient http, URI hub, int n) throws Exception {
      for (int i = 0; i < orders.length && n > 0; i++) {
        if (filledAt[i] == 0) {
          String body =
              http.send(
                      HttpRequest.newBuilder(hub.resolve("/v1/intents/" + orders[i].id().toHex()))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
          System.out.println("  not filled: " + body.substring(Math.max(0, body.length() - 400)));
          n--;
        }
      }
    }

    void report(int round, int rounds, int solvers, double driverCpu) {
      long[] latency = new long[orders.length];
      int n = 0;
      for (int i = 0; i < orders.length; i++) {
        if (filledAt[i] > 0) {
          latency[n++] = filledAt[i] - submittedAt[i];
        }
      }
      Arrays.sort(latency, 0, n);
      System.out.printf(
          "round %d/%d%s: %d solvers, %d auctions: %d accepted, %d refused, %d filled in %.2f s:"
              + " %.0f auctions/s (driver CPU %.1f s)%n",
          round,
          rounds,
          round < rounds ? " (warm-up)" : "",
          solvers,
          orders.length,
          accepted.get(),
          refused.get(),
          filled.get(),
          seconds(),
          filled.get() / seconds(),
          driverCpu);
      if (n > 0) {
        System.out.printf(
            "  submit → fill reported: p50 %.1f ms, p99 %.1f ms%n",
            latency[n / 2] / 1e6, latency[(int) (n * 0.99)] / 1e6);
      }
      System.out.println("  bids refused and errors by reason: " + refusals);
    }
  }

  static final String PUSH_TOKEN = "bench-oracle";

  /** Pushes ETH at 3,000 USD, published now (the engine refuses stale prices). */
  static io.vertx.core.Future<Integer> pushPrice(io.vertx.core.http.HttpClient http) {
    return post(
        http,
        "/v1/oracle/prices",
        "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":"
            + System.currentTimeMillis() / 1000
            + "}]}");
  }

  /** Credits 10 ETH on chain 1 to every trader (the dev faucet), {@code inFlight} at a time. */
  static void fund(io.vertx.core.http.HttpClient http, int traders, int inFlight) throws Exception {
    fund(http, traders, inFlight, SessionLoad::trader, "10");
  }

  /**
   * Credits {@code eth} ETH on chain 1 to each of {@code users} keys, {@code inFlight} at a time.
   */
  static void fund(
      io.vertx.core.http.HttpClient http,
      int users,
      int inFlight,
      java.util.function.IntFunction<PrivateKey> key,
      String eth)
      throws Exception {
    java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(inFlight);
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < users; i++) {
      window.acquire();
      post(
              http,
              "/v1/dev/collateral",
              "{\"account\":\""
                  + key.apply(i).address().toChecksumHex()
                  + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\""
                  + eth
                  + "\"}")
          .onComplete(
              r -> {
                if (r.failed() || r.result() != 200) {
                  failed.incrementAndGet();
                }
                window.release();
              });
    }
    window.acquire(inFlight);
    if (failed.get() > 0) {
      throw new IllegalStateException(
          failed.get() + " faucet calls failed: is the hub in dev mode (OMNIMARGIN_DEV_MODE)?");
    }
  }

  static PrivateKey trader(int i) {
    return PrivateKey.of(BigInteger.valueOf(0xb0c_000L + i));
  }

  static io.vertx.core.Future<Integer> post(
      io.vertx.core.http.HttpClient http, String path, String body) {
    return http.request(io.vertx.core.http.HttpMethod.POST, path)
        .compose(
            req ->
                req.putHeader("content-type", "application/json")
                    .putHeader("authorization", "Bearer " + PUSH_TOKEN)
                    .send(body)
                    .compose(r -> r.body().map(b -> r.statusCode())));
  }

  /** One solver's session: pre-signed bids, answered on the session's event loop. */
  static final class Session {
    static final AtomicInteger ERRORS_SHOWN = new AtomicInteger();

    final PrivateKey key;
    final Eip712Domain domain;
    final Map<String, String> bids = new ConcurrentHashMap<>();
    final StringBuilder outbox = new StringBuilder();
    final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    volatile io.vertx.core.http.WebSocket ws; // set on the event loop, closed from main

    Session(
        PrivateKey key,
        int index,
        Eip712Domain domain,
        SignedOrders.Signed[][] orders,
        long validUntil) {
      this.key = key;
      this.domain = domain;
      // distinct prices, so that one solver wins every auction whose bids all came in time
      BigInteger price = BigInteger.valueOf(2_990 - index).multiply(WAD);
      BigInteger fee = WAD.divide(BigInteger.TEN);
      Arrays.stream(orders)
          .flatMap(Arrays::stream)
          .parallel()
          .forEach(
              order -> {
                SolverBid bid =
                    new SolverBid(
                        order.id(), key.address(), Uint256.of(price), Uint256.of(fee), validUntil);
                bids.put(
                    order.id().toHex(),
                    CODEC.encode(new SessionMessage.Bid(bid, key.sign(bid.digest(domain)))));
              });
    }

    void register(HttpClient http, URI hub) throws Exception {
      long issuedAt = System.currentTimeMillis() / 1000;
      SolverRegistration r = new SolverRegistration(key.address(), "load", issuedAt);
      http.send(
          HttpRequest.newBuilder(hub.resolve("/v1/solvers/registrations"))
              .header("content-type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"registration\":{\"solver\":\""
                          + key.address().toChecksumHex()
                          + "\",\"name\":\"load\",\"issuedAt\":"
                          + issuedAt
                          + "},\"signature\":\""
                          + key.sign(r.digest(domain)).toHex()
                          + "\"}"))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }

    /** Opens the session on {@code vertx}'s event loop; every message of it is handled there. */
    void connect(io.vertx.core.http.WebSocketClient client, URI hub) {
      client
          .connect(hub.getPort(), hub.getHost(), "/v1/solvers/session")
          // on the event loop, before the hub's challenge can be read
          .onSuccess(
              socket -> {
                ws = socket;
                socket.textMessageHandler(this::onFrame);
              })
          .toCompletionStage()
          .toCompletableFuture()
          .join();
      welcomed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** One frame: its messages answered, the answers sent back together as one frame. */
    private void onFrame(String frame) {
      int from = 0;
      while (from < frame.length()) {
        int to = frame.indexOf('\n', from);
        if (to < 0) {
          to = frame.length();
        }
        handle(frame.substring(from, to));
        from = to + 1;
      }
      if (outbox.length() > 0) {
        ws.writeTextMessage(outbox.toString());
        outbox.setLength(0);
      }
    }

    private void handle(String line) {
      // announcements are the bulk: answer them without a full parse
      if (line.startsWith("{\"seq\"") && line.contains("\"type\":\"auction\"")) {
        int at = line.indexOf("\"orderId\":\"") + 11;
        String bid = bids.remove(line.substring(at, at + 66));
        if (bid != null) {
          send(bid);
        }
        return;
      }
      SessionMessage m = CODEC.decode(line);
      if (m instanceof SessionMessage.Challenge c) {
        Signature signed = key.sign(new SolverSession(key.address(), c.challenge()).digest(domain));
        send(CODEC.encode(new SessionMessage.Hello(key.address(), signed, -1)));
      } else if (m instanceof SessionMessage.Welcome) {
        welcomed.complete(null);
      } else if (m instanceof SessionMessage.FeedEvent e && "award".equals(e.type())) {
        send(fill(e));
      } else if (m instanceof SessionMessage.FillResult r) {
        Round.current.filled(r.orderId().toHex());
      } else if (m instanceof SessionMessage.BidRejected r) {
        Round.current.refused(r.reason());
      } else if (m instanceof SessionMessage.Error e) {
        Round.current.refused(e.code());
        if (ERRORS_SHOWN.incrementAndGet() <= 3) {
          System.out.println("hub error: " + line);
        }
      }
    }

    private String fill(SessionMessage.FeedEvent award) {
      OrderId id = OrderId.parse(award.orderId());
      BigInteger size = new BigInteger(award.size());
      BigInteger price = new BigInteger(award.price());
      Bytes32 tx = Bytes32.wrap(id.value().toArray()); // any 32 bytes: the venue is not checked
      FillReport report =
          new FillReport(id, key.address(), 1, tx, Uint256.of(size), Uint256.of(price));
      return CODEC.encode(new SessionMessage.Fill(report, key.sign(report.digest(domain))));
    }

    private void send(String message) {
      if (outbox.length() > 0) {
        outbox.append('\n');
      }
      outbox.append(message);
    }
  }
}
