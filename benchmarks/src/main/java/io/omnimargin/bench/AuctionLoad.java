package io.omnimargin.bench;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.solver.Award;
import io.omnimargin.solver.Bid;
import io.omnimargin.solver.Filler;
import io.omnimargin.solver.OpenAuction;
import io.omnimargin.solver.Solver;
import io.omnimargin.solver.SolverClient;
import io.omnimargin.testsupport.SignedOrders;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * End-to-end auction load: {@code solvers} SDK solvers connect to a running hub, {@code auctions}
 * signed margin orders are submitted, every solver bids on every auction and the winner fills at
 * once. Prints auctions per second (first submission to last fill) and the hub's own award latency
 * (close → award on the winner's stream, p50/p99 from its metrics). Run by {@code
 * benchmarks/run-auction-load.sh}; {@code print-allow} prints the solvers' addresses for the hub's
 * allow-list.
 */
public final class AuctionLoad {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  private AuctionLoad() {}

  static List<PrivateKey> solverKeys(int n) {
    List<PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(PrivateKey.of(BigInteger.valueOf(0x5017e7L + i)));
    }
    return keys;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BenchArgs.parse(args);
    int solvers = Integer.parseInt(o.getOrDefault("solvers", "20"));
    if (o.containsKey("print-allow")) {
      System.out.println(
          solverKeys(solvers).stream()
              .map(k -> k.address().toChecksumHex())
              .collect(Collectors.joining(",")));
      return;
    }
    URI hub = URI.create(o.getOrDefault("hub", "http://127.0.0.1:18081/"));
    int auctions = Integer.parseInt(o.getOrDefault("auctions", "2000"));
    AtomicInteger fills = new AtomicInteger();
    Map<String, AtomicInteger> rejected = new java.util.concurrent.ConcurrentHashMap<>();
    List<SolverClient> clients = new ArrayList<>();
    int index = 0;
    for (PrivateKey key : solverKeys(solvers)) {
      long price = 2_990 - index++ % 7;
      clients.add(SolverClient.connect(hub, key, maker(price, fills, rejected)));
    }
    long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!clients.stream().allMatch(SolverClient::streaming) && System.nanoTime() < wait) {
      Thread.sleep(50);
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> bodies = signedIntents(auctions);
    long start = System.nanoTime();
    int accepted = submit(http, hub, bodies);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (fills.get() < accepted && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%d solvers, %d auctions accepted, %d filled in %.2f s: %.0f auctions/s%n",
        solvers, accepted, fills.get(), seconds, fills.get() / seconds);
    System.out.println("bids refused by reason: " + rejected);
    http.send(
            HttpRequest.newBuilder(BenchArgs.metrics(o, hub)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body()
        .lines()
        .filter(l -> l.startsWith("omnimargin_auction_award_seconds{") && l.contains("quantile"))
        .forEach(l -> System.out.println("award latency (ready to close → award sent) " + l));
    clients.forEach(SolverClient::close);
    System.exit(0);
  }

  /** A solver that bids {@code price} on everything and fills every award at once. */
  private static Solver maker(
      long price, AtomicInteger fills, Map<String, AtomicInteger> rejected) {
    return new Solver() {
      @Override
      public Optional<Bid> bid(OpenAuction a) {
        return Optional.of(
            new Bid(
                BigInteger.valueOf(price).multiply(WAD),
                WAD.divide(BigInteger.TEN),
                a.fillDeadline()));
      }

      @Override
      public void onBidRejected(OpenAuction a, io.omnimargin.solver.SolverException e) {
        rejected
            .computeIfAbsent(String.valueOf(e.reason()), r -> new AtomicInteger())
            .incrementAndGet();
      }

      @Override
      public void onAward(Award award, Filler filler) {
        filler.reportFill(1, "0x" + "00".repeat(31) + "01", award.size(), award.price());
        fills.incrementAndGet();
      }
    };
  }

  /** Distinct signed intents, one per trader, signed before the clock starts. */
  private static List<String> signedIntents(int auctions) {
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
    SignedOrders signer = new SignedOrders(domain);
    List<String> bodies = new ArrayList<>();
    long openDeadline = System.currentTimeMillis() / 1000 + 3600;
    long nonceBase = System.nanoTime();
    for (int i = 0; i < auctions; i++) {
      PrivateKey user = PrivateKey.of(BigInteger.valueOf(0xa0c_000L + i));
      bodies.add(signer.signed(user, nonceBase + i, openDeadline, SignedOrders.buyOneEth()).body());
    }
    return bodies;
  }

  /** Submits the intents eight at a time; answers how many were accepted. */
  private static int submit(HttpClient http, URI hub, List<String> bodies) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger accepted = new AtomicInteger();
    for (String body : bodies) {
      pool.submit(
          () -> {
            HttpResponse<String> r =
                http.send(
                    HttpRequest.newBuilder(hub.resolve("/v1/intents"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
              accepted.incrementAndGet();
            }
            return null;
          });
    }
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.MINUTES);
    return accepted.get();
  }
}
