package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.cluster.ClusterHttp.Answer;
import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.service.support.SessionSocket;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.solver.SolverClient;
import io.omnimargin.solver.example.ReferencePriceMaker;
import io.omnimargin.testsupport.KafkaBroker;
import io.omnimargin.testsupport.RedisServer;
import io.omnimargin.testsupport.SignedOrders;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15's cluster test, through real processes: three replicas of the packaged jar on a real
 * KRaft broker and a real {@code redis-server}, SDK solvers over session sockets.
 *
 * <ul>
 *   <li>collateral reserved through one replica cannot be reserved again through another: of
 *       sixteen orders sent round the replicas, exactly as many are accepted as the account's
 *       initial-margin value carries, as in one process;
 *   <li>a solver connected to one replica wins an auction for an intent accepted on another;
 *   <li>the replica that owns the ledger is killed with SIGKILL while wallets submit and solvers
 *       bid and fill: every acknowledged intent is found afterwards and finishes, no trade is
 *       booked twice, and the clearing invariants hold at {@code GET /v1/ledger}.
 * </ul>
 */
class ClusterFailoverIT {
  static final PrivateKey MAKER_A = PrivateKey.fromHex("0x" + "a1".repeat(32));
  static final PrivateKey MAKER_B = PrivateKey.fromHex("0x" + "b2".repeat(32));
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  static final Set<String> TERMINAL = Set.of("FILLED", "FAILED", "EXPIRED", "CANCELLED");
  private static final int LOAD = 90;
  private static final int KILL_AFTER = 30;
  private static final int PARTITIONS = 6;

  /**
   * The owners' session, longer than the default so that a take-over within it can only be the
   * survivors' eviction of a process whose port is closed.
   */
  private static final java.time.Duration SESSION = java.time.Duration.ofSeconds(10);

  /** Longer than the session: a read that waited it out would show. */
  private static final java.time.Duration FAILOVER_WAIT = java.time.Duration.ofSeconds(15);

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path work;

  private final List<ServiceProcess> live = new CopyOnWriteArrayList<>();

  /** Extra arguments of every replica: those of a partitioned ledger in its variant. */
  private List<String> mode = List.of();

  /** How long the owners' group waits for a silent member in this run. */
  private java.time.Duration session = SESSION;

  @Test
  @Timeout(600)
  void oneWriterForTheLedgerAndNothingLostWhenItsOwnerIsKilled() throws Exception {
    run();
  }

  /**
   * The same on a partitioned ledger (six partitions over the three replicas): the owner killed
   * runs the workflows and writes two partitions; the survivors evict it from both groups, so the
   * workflows and its partitions move well within the 6 s session.
   */
  @Test
  @Timeout(600)
  void onAPartitionedLedgerNothingIsLostWhenTheOwnerIsKilled() throws Exception {
    mode =
        List.of(
            "-Domnimargin.cluster.ledger=partitioned", "-Domnimargin.cluster.ledger-partitions=6");
    session = java.time.Duration.ofSeconds(6); // so that only the evictions explain 5 s or less
    run();
  }

  private void run() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start();
        RedisServer redis = RedisServer.start();
        ServiceProcess r1 = replica(broker, redis, "r1");
        ServiceProcess r2 = replica(broker, redis, "r2");
        ServiceProcess r3 = replica(broker, redis, "r3")) {
      for (ServiceProcess r : List.of(r1, r2, r3)) {
        r.awaitReady();
        live.add(r);
      }
      ServiceProcess owner = Replicas.owner(live);
      List<ServiceProcess> followers = new ArrayList<>(live);
      followers.remove(owner);
      Thread prices = pricePusher();
      try {
        ClusterOrders.pushPrice(followers.get(0));
        collateralReservedOnOneReplicaIsNotReservedAgainOnAnother();
        theOwnerHoldsItsChallengeOnlyForARelayWithThePeersKey(owner, redis);
        try (SolverClient a = solver(followers.get(0), MAKER_A, 5);
            SolverClient b = solver(followers.get(1), MAKER_B, 10)) {
          awaitStreaming(a, b);
          aSolverOnOneReplicaWinsAnIntentAcceptedOnAnother(followers.get(1));
          killingTheOwnerUnderLoadLosesNothing(owner, a, b);
        }
      } finally {
        prices.interrupt();
      }
    }
  }

  private void collateralReservedOnOneReplicaIsNotReservedAgainOnAnother() throws Exception {
    ClusterOrders.raceForOneEth(live, SignedOrders.key(19_999));
  }

  /**
   * The owner's half of a held relay, with the cluster's real forward key: silent until the relay
   * says it is ready, then its challenge; a guessed key is not a relay, and is challenged at once.
   */
  private static void theOwnerHoldsItsChallengeOnlyForARelayWithThePeersKey(
      ServiceProcess owner, RedisServer redis) throws Exception {
    String key;
    try (io.omnimargin.service.store.LocalRedis.Client client =
        new io.omnimargin.service.store.LocalRedis.Client(redis.url())) {
      key = client.commands().execute("GET", List.of("om:cluster:forward-key")).toString();
    }
    int port = URI.create(owner.baseUri()).getPort();
    try (SessionSocket guessed =
        SessionSocket.open(
            port, Map.of(ClusterPeers.RELAY_HELD, "held", ClusterPeers.FORWARD_KEY, "guessed"))) {
      guessed.next("challenge");
    }
    try (SessionSocket relay =
        SessionSocket.open(
            port, Map.of(ClusterPeers.RELAY_HELD, "held", ClusterPeers.FORWARD_KEY, key))) {
      assertThat(relay.none("challenge", 1_000)).as("held until the relay is ready").isTrue();
      relay.send(ClusterPeers.RELAY_READY);
      relay.next("challenge");
    }
  }

  private void aSolverOnOneReplicaWinsAnIntentAcceptedOnAnother(ServiceProcess intake)
      throws Exception {
    PrivateKey trader = SignedOrders.key(19_998);
    ClusterOrders.fund(intake, trader, "1");
    Answer accepted =
        ClusterHttp.post(intake.baseUri(), "/v1/intents", ClusterOrders.order(trader, 1));
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
    String id = accepted.text("orderId");
    awaitTerminal(List.of(id), 30);
    Answer auction = ClusterHttp.get(intake.baseUri(), "/v1/auctions/" + id);
    // MAKER_A, connected to the other follower, quotes the tighter spread
    assertThat(auction.text("winner")).isEqualTo(MAKER_A.address().toChecksumHex());
    assertThat(ClusterHttp.get(intake.baseUri(), "/v1/intents/" + id).text("status"))
        .isEqualTo("FILLED");
  }

  private void killingTheOwnerUnderLoadLosesNothing(
      ServiceProcess owner, SolverClient a, SolverClient b) throws Exception {
    Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    Failover failover = new Failover();
    AtomicInteger next = new AtomicInteger();
    AtomicLong killedAt = new AtomicLong();
    ExecutorService wallets = Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<Object>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      done.add(
          wallets.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < LOAD; i = next.getAndIncrement()) {
                  submit(i, acknowledged);
                  if (acknowledged.size() >= KILL_AFTER && killedAt.compareAndSet(0, -1)) {
                    live.remove(owner);
                    owner.killMinus9();
                    killedAt.set(System.nanoTime());
                    failover.start(Set.copyOf(acknowledged.keySet()));
                  }
                }
                return null;
              }));
    }
    wallets.shutdown();
    assertThat(wallets.awaitTermination(240, TimeUnit.SECONDS)).isTrue();
    for (var wallet : done) {
      wallet.get(); // a wallet's failure, as it happened
    }
    assertThat(killedAt.get()).as("the owner was killed mid-load").isPositive();
    assertThat(acknowledged).hasSize(LOAD);
    awaitTerminal(acknowledged.keySet(), 90);
    System.out.printf(
        "cluster IT (%s): a survivor owned the ledger %d ms after the owner's SIGKILL (slowest read"
            + " of an intent meanwhile %d ms); the %d intents acknowledged before it finished %d"
            + " ms after it; all %d %d ms after it%n",
        mode.isEmpty() ? "single writer" : "partitioned",
        failover.ownedMillis.get(),
        failover.slowestReadMillis.get(),
        failover.before,
        failover.finishedMillis.get(),
        LOAD,
        (System.nanoTime() - killedAt.get()) / 1_000_000);
    if (session.equals(SESSION)) {
      assertThat(failover.ownedMillis.get())
          .as(
              "the survivors saw the owner's port closed and evicted it: no %s session wait",
              SESSION)
          .isBetween(0L, SESSION.toMillis() - 3_000);
      assertThat(failover.slowestReadMillis.get())
          .as("a read sent during the fail-over waits for the successor, not the fail-over wait")
          .isLessThan(SESSION.toMillis() - 3_000);
    } else {
      System.out.printf(
          "cluster IT (partitioned): the survivors wrote all %d partitions %d ms after the"
              + " SIGKILL%n",
          PARTITIONS, failover.writtenMillis.get());
      assertThat(failover.ownedMillis.get())
          .as("the owner evicted from the owners' group: no %s session wait", session)
          .isBetween(0L, session.toMillis() - 1_000);
      assertThat(failover.writtenMillis.get())
          .as("and from the partition writers' group: its partitions move at once")
          .isBetween(0L, session.toMillis() - 1_000);
    }

    ServiceProcess survivor = live.get(0);
    int filled = 0;
    BigDecimal traded = BigDecimal.ZERO;
    for (Map.Entry<String, Integer> e : acknowledged.entrySet()) {
      String status =
          ClusterHttp.get(survivor.baseUri(), "/v1/intents/" + e.getKey()).text("status");
      BigDecimal size = ClusterOrders.position(survivor, SignedOrders.key(20_000 + e.getValue()));
      if ("FILLED".equals(status)) {
        filled++;
        traded = traded.add(size);
        assertThat(size).as("one fill, booked once").isEqualByComparingTo(oneEth(survivor));
      } else {
        assertThat(size).as(status + " books nothing").isZero();
      }
    }
    // awards the dead owner made were kept in Redis and restored: their winners filled them
    assertThat(filled)
        .as("every acknowledged intent filled, on the owner or its successor")
        .isEqualTo(LOAD);
    BigDecimal solvers =
        ClusterOrders.position(survivor, MAKER_A).add(ClusterOrders.position(survivor, MAKER_B));
    // plus the first step's trader (its auctions restored by the new owner may fill) and the
    // second step's
    BigDecimal others =
        ClusterOrders.position(survivor, SignedOrders.key(19_999))
            .add(ClusterOrders.position(survivor, SignedOrders.key(19_998)));
    assertThat(solvers.negate())
        .as("every long has its short")
        .isEqualByComparingTo(traded.add(others));
    Answer ledger = ClusterHttp.get(survivor.baseUri(), "/v1/ledger");
    assertThat(ledger.body().path("balanced").asBoolean()).as(ledger.body().toString()).isTrue();
    assertThat(ledger.text("imbalance")).isEqualTo("0");
    assertThat(ledger.body().path("openInterest").path("ETH-PERP").path("balanced").asBoolean())
        .isTrue();
    // the solvers' sessions come back (the SDK reconnects with a back-off of up to 10 s, and the
    // fail-over may have ended before a solver whose attempts failed meanwhile tries again)
    awaitStreaming(a, b);
  }

  /**
   * Times the fail-over from the SIGKILL: until a survivor says it owns the ledger, and until every
   * intent acknowledged before the kill (the dead owner's auctions) has finished.
   */
  private final class Failover {
    final AtomicLong ownedMillis = new AtomicLong(-1);
    final AtomicLong writtenMillis = new AtomicLong(-1); // a partitioned ledger's partitions
    final AtomicLong finishedMillis = new AtomicLong(-1);
    final AtomicLong slowestReadMillis = new AtomicLong();
    volatile int before;

    void start(Set<String> acknowledgedBefore) {
      long killed = System.nanoTime();
      before = acknowledgedBefore.size();
      watch(
          "failover-owner",
          killed,
          () -> {
            if (Replicas.findOwner(live).isPresent()) {
              ownedMillis.set((System.nanoTime() - killed) / 1_000_000);
              return true;
            }
            return false;
          });
      if (!mode.isEmpty()) {
        watch(
            "failover-partitions",
            killed,
            () -> {
              Set<Integer> written = new java.util.HashSet<>();
              for (ServiceProcess r : live) {
                written.addAll(
                    PartitionedLedgerIT.partitions(
                        ClusterHttp.get("http://127.0.0.1:" + r.managementPort, "/q/health/ready")
                            .body()
                            .toString()));
              }
              if (written.size() == PARTITIONS) {
                writtenMillis.set((System.nanoTime() - killed) / 1_000_000);
                return true;
              }
              return false;
            });
      }
      Set<String> pending = ConcurrentHashMap.newKeySet();
      pending.addAll(acknowledgedBefore);
      watch(
          "failover-auctions",
          killed,
          () -> {
            for (String id : pending) {
              long asked = System.nanoTime();
              Answer a = ClusterHttp.get(live.get(0).baseUri(), "/v1/intents/" + id);
              slowestReadMillis.accumulateAndGet(
                  (System.nanoTime() - asked) / 1_000_000, Math::max);
              if (TERMINAL.contains(a.text("status"))) {
                pending.remove(id);
              }
            }
            if (pending.isEmpty()) {
              finishedMillis.set((System.nanoTime() - killed) / 1_000_000);
              return true;
            }
            return false;
          });
    }

    /** Runs {@code done} every 20 ms until it answers true (two minutes at most). */
    private void watch(String name, long killed, java.util.concurrent.Callable<Boolean> done) {
      Thread watch =
          new Thread(
              () -> {
                while (System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(120)) {
                  try {
                    if (done.call()) {
                      return;
                    }
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception | AssertionError notYet) {
                    // a survivor still taking over
                  }
                }
              },
              name);
      watch.setDaemon(true);
      watch.start();
    }
  }

  /**
   * Funds trader {@code i} and submits its order until acknowledged, retrying round the replicas.
   */
  private void submit(int i, Map<String, Integer> acknowledged) throws Exception {
    PrivateKey trader = SignedOrders.key(20_000 + i);
    retry(
        i,
        r ->
            ClusterHttp.post(
                r.baseUri(), "/v1/dev/collateral", ClusterOrders.fundBody(trader, "1")),
        200);
    // sent again as it is: the same intent is accepted once
    String signed = ClusterOrders.order(trader, 1);
    Answer answer = retry(i, r -> ClusterHttp.post(r.baseUri(), "/v1/intents", signed), 202);
    acknowledged.put(answer.text("orderId"), i);
  }

  private interface Call {
    Answer to(ServiceProcess replica) throws IOException, InterruptedException;
  }

  /**
   * Sends until {@code expected}; an unreachable replica or {@code 503 owner-unavailable} is tried
   * again on the next live replica (the same signed intent is accepted once).
   */
  private Answer retry(int i, Call call, int expected) throws Exception {
    Answer last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      ServiceProcess replica = live.get((i + attempt) % live.size());
      try {
        last = call.to(replica);
        if (last.status() == expected) {
          return last;
        }
        assertThat(last.status()).as(last.body().toString()).isEqualTo(503);
      } catch (IOException unreachable) {
        // the killed replica
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never " + expected + ": " + last);
  }

  private void awaitTerminal(Iterable<String> ids, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (String id : ids) {
      String status = "";
      while (System.nanoTime() < deadline) {
        Answer answer = ClusterHttp.get(live.get(0).baseUri(), "/v1/intents/" + id);
        status = answer.text("status");
        if (TERMINAL.contains(status)) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(status).as("intent " + id + " finished (logs in " + work + ")").isIn(TERMINAL);
    }
  }

  /** The size one filled order books, as the account view writes it. */
  private BigDecimal oneEth(ServiceProcess replica) throws Exception {
    return ClusterOrders.position(replica, SignedOrders.key(19_998));
  }

  private SolverClient solver(ServiceProcess replica, PrivateKey key, long spreadBps)
      throws Exception {
    ClusterOrders.fund(replica, key, "1000");
    return SolverClient.connect(
        URI.create(replica.baseUri()),
        key,
        Wallet.DOMAIN,
        key.address().toChecksumHex().substring(0, 10),
        new ReferencePriceMaker(
            Map.of("ETH-PERP", BigInteger.valueOf(2990).multiply(WAD)), spreadBps, WAD));
  }

  private static void awaitStreaming(SolverClient... clients) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline
        && !java.util.Arrays.stream(clients).allMatch(SolverClient::streaming)) {
      Thread.sleep(50);
    }
    assertThat(clients).allMatch(SolverClient::streaming);
  }

  /** The index must stay fresh for the length of the test: ETH at 3,000 every second. */
  private Thread pricePusher() {
    Thread pusher =
        new Thread(
            () -> {
              int n = 0;
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  ClusterOrders.pushPrice(live.get(n++ % live.size()));
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception | AssertionError retried) {
                  // a replica killed under it: the next one
                }
              }
            },
            "price-pusher");
    pusher.setDaemon(true);
    pusher.start();
    return pusher;
  }

  private ServiceProcess replica(KafkaBroker broker, RedisServer redis, String name)
      throws Exception {
    List<String> args = new ArrayList<>(mode);
    args.addAll(
        List.of(
            "-Domnimargin.cluster.session-timeout=" + session.toSeconds() + "s",
            "-Domnimargin.cluster.failover-wait=" + FAILOVER_WAIT.toSeconds() + "s",
            "-Domnimargin.auction.enabled=true",
            "-Domnimargin.auction.window=10s",
            "-Domnimargin.auction.fill-window=15s",
            "-Domnimargin.solvers.bond=5000",
            "-Domnimargin.solvers.allow="
                + MAKER_A.address().toChecksumHex()
                + ","
                + MAKER_B.address().toChecksumHex()));
    return Replicas.start(work, broker, redis, name, args.toArray(String[]::new));
  }
}
