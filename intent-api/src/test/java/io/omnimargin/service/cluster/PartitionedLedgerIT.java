package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.cluster.partition.LedgerPartitioner;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.cluster.ClusterHttp.Answer;
import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.solver.SolverClient;
import io.omnimargin.solver.example.ReferencePriceMaker;
import io.omnimargin.testsupport.KafkaBroker;
import io.omnimargin.testsupport.RedisServer;
import io.omnimargin.testsupport.SignedOrders;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, the partitioned ledger in the service, through real processes: three replicas of the
 * packaged service with {@code omnimargin.cluster.ledger=partitioned} on a real Kafka broker and a
 * real redis-server. The replicas share the ledger's six partitions between them; the orders of one
 * account, sent to all three replicas, are held by its partition's writer alone, which accepts
 * exactly as many as the account carries and refuses the rest with its figures; that writer is
 * killed with SIGKILL, a survivor takes its partitions over, and still holds every reservation; the
 * ledger balances throughout.
 */
class PartitionedLedgerIT {
  private static final int PARTITIONS = 6;
  private static final PrivateKey MAKER = PrivateKey.fromHex("0x" + "c3".repeat(32));
  private static final BigInteger WAD = BigInteger.TEN.pow(18);
  private static final Pattern PARTITIONS_DATA =
      Pattern.compile("\"ledgerPartitions\"\\s*:\\s*\"\\[([0-9, ]*)]\"");

  /** The writers' session: longer than a move by eviction takes, so that the test can tell. */
  private static final java.time.Duration SESSION = java.time.Duration.ofSeconds(6);

  @TempDir Path work;

  @Test
  @Timeout(400)
  void accountsAreWrittenByTheirPartitionsOwnersAndSurviveOneKilled() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start();
        RedisServer redis = RedisServer.start();
        ServiceProcess r1 = replica(broker, redis, "r1");
        ServiceProcess r2 = replica(broker, redis, "r2");
        ServiceProcess r3 = replica(broker, redis, "r3")) {
      List<ServiceProcess> live = new ArrayList<>(List.of(r1, r2, r3));
      for (ServiceProcess r : live) {
        r.awaitReady();
      }
      Map<ServiceProcess, Set<Integer>> writes = awaitAllPartitionsWritten(live);
      ClusterOrders.pushPrice(r1);
      ServiceProcess owner = Replicas.owner(live);
      List<ServiceProcess> followers = new ArrayList<>(live);
      followers.remove(owner);
      Map<ServiceProcess, String> names = Map.of(r1, "r1", r2, "r2", r3, "r3");
      anIntentGoesToTheWriterOfItsTradersPartition(followers.get(0), writes, names);

      PrivateKey trader = SignedOrders.key(29_999);
      int home = new LedgerPartitioner(PARTITIONS).of(trader.address());
      int accepted = ClusterOrders.raceForOneEth(live, trader);
      assertThat(openReservations(r3, trader)).isEqualTo(accepted);
      assertBalanced(r1);
      // accepted by a replica that does not run the auctions: it hands the intent to the owner
      aSolverOnOneReplicaFillsAnOrderAcceptedOnAnother(owner, followers.get(1), writes);
      theRiskMonitorScansTheStoredPartitions(followers.get(0));

      ServiceProcess writer =
          writes.entrySet().stream()
              .filter(e -> e.getValue().contains(home))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow();
      System.out.printf(
          "partitions written %s; %d of 16 orders accepted, held on partition %d by %s, killed%n",
          names(writes), accepted, home, writer.baseUri());
      long killed = System.nanoTime();
      writer.killMinus9();
      live.remove(writer);
      Map<ServiceProcess, Set<Integer>> after = awaitAllPartitionsWritten(live);
      long moved = (System.nanoTime() - killed) / 1_000_000;
      assertThat(after.values().stream().anyMatch(p -> p.contains(home)))
          .as("a survivor writes the killed writer's partition")
          .isTrue();
      awaitOwner(live);
      System.out.printf(
          "after the kill of %s, partitions written %s in %d ms%n",
          writer == owner ? "the owner" : "a writer that is not the owner", names(after), moved);
      assertThat(moved)
          .as(
              "a survivor found the writer's port closed and evicted it: no %s session wait",
              SESSION)
          .isLessThan(SESSION.toMillis() - 1_000);

      Answer again =
          ClusterHttp.post(live.get(0).baseUri(), "/v1/intents", ClusterOrders.order(trader, 17));
      assertThat(again.status())
          .as("the reservations held before the kill still hold: %s", again.body())
          .isEqualTo(422);
      assertThat(again.text("code")).isEqualTo("insufficient-margin");
      assertThat(openReservations(live.get(1), trader)).isEqualTo(accepted);
      assertBalanced(live.get(0));
    }
  }

  /**
   * A trade through the partitions: the trader's margin held on its partition at intake, the
   * solver's on its own at the award, the trade booked on the trader's partition and the solver's
   * leg relayed to the solver's.
   */
  private static void aSolverOnOneReplicaFillsAnOrderAcceptedOnAnother(
      ServiceProcess solverSide, ServiceProcess intake, Map<ServiceProcess, Set<Integer>> writes)
      throws Exception {
    LedgerPartitioner partitioner = new LedgerPartitioner(PARTITIONS);
    PrivateKey trader = SignedOrders.key(29_998);
    for (int k = 29_997;
        partitioner.of(trader.address()) == partitioner.of(MAKER.address())
            || writes.get(solverSide).contains(partitioner.of(trader.address()));
        k--) {
      // the trade's two sides on two partitions, the trader's not written by the ledger's owner
      trader = SignedOrders.key(k);
    }
    ClusterOrders.fund(solverSide, MAKER, "1000");
    ClusterOrders.fund(intake, trader, "1");
    ClusterOrders.pushPrice(intake);
    try (SolverClient maker =
        SolverClient.connect(
            URI.create(solverSide.baseUri()),
            MAKER,
            Wallet.DOMAIN,
            "maker",
            new ReferencePriceMaker(
                Map.of("ETH-PERP", BigInteger.valueOf(2990).multiply(WAD)), 5, WAD))) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!maker.streaming() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(maker.streaming()).isTrue();
      Answer accepted =
          ClusterHttp.post(intake.baseUri(), "/v1/intents", ClusterOrders.order(trader, 1));
      assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
      String id = accepted.text("orderId");
      String status = "";
      while (System.nanoTime() < deadline + 30_000_000_000L && !status.equals("FILLED")) {
        Thread.sleep(100);
        status = ClusterHttp.get(intake.baseUri(), "/v1/intents/" + id).text("status");
        assertThat(status).as("intent %s", id).isNotIn("FAILED", "REJECTED", "EXPIRED");
      }
      assertThat(status).isEqualTo("FILLED");
      long deadline2 = System.nanoTime() + 10_000_000_000L;
      while (ClusterOrders.position(intake, MAKER).signum() == 0 && System.nanoTime() < deadline2) {
        Thread.sleep(50); // the solver's leg is relayed to its partition
      }
      assertThat(ClusterOrders.position(intake, trader)).isEqualByComparingTo("1");
      assertThat(ClusterOrders.position(solverSide, MAKER)).isEqualByComparingTo("-1");
      assertBalanced(solverSide);
      theSolverTakesOverTheTraderLiquidatedOnAnotherReplica(solverSide, intake, trader);
    }
  }

  /**
   * ETH falls until the trader's one long is under maintenance with some equity left. Its partition
   * is written by a replica that is not the ledger's owner: that replica's engine starts the
   * liquidation and hands it to the owner's desk, where the solver's session is; the solver bids,
   * its margin is held on its own partition, and the takeover is booked on the trader's partition
   * with the solver's leg relayed to the solver's: both end flat, and the ledger balances.
   */
  private static void theSolverTakesOverTheTraderLiquidatedOnAnotherReplica(
      ServiceProcess owner, ServiceProcess other, PrivateKey trader) throws Exception {
    long fell = System.nanoTime();
    ClusterOrders.pushPrice(other, "1565");
    long deadline = fell + 20_000_000_000L;
    while ((ClusterOrders.position(other, trader).signum() != 0
            || ClusterOrders.position(other, MAKER).signum() != 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    System.out.printf(
        "liquidation taken over by the solver %d ms after the fall%n",
        (System.nanoTime() - fell) / 1_000_000);
    assertThat(ClusterOrders.position(other, trader))
        .as("%s", ClusterHttp.get(other.baseUri(), "/v1/accounts/" + trader.address()).body())
        .isEqualByComparingTo("0");
    assertThat(ClusterOrders.position(owner, MAKER))
        .as("the solver, not the insurance fund, took the long over")
        .isEqualByComparingTo("0");
    // the outcome reaches the owner's desk, which keeps the record
    Answer liquidations = ClusterHttp.get(owner.baseUri(), "/v1/liquidations");
    while (!liquidations.body().path(0).path("takenBy").isTextual()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      liquidations = ClusterHttp.get(owner.baseUri(), "/v1/liquidations");
    }
    System.out.println("liquidations: " + liquidations.body());
    var record = liquidations.body().path(0);
    assertThat(record.path("account").asText()).isEqualTo(trader.address().toChecksumHex());
    assertThat(record.path("takenBy").asText()).as("%s", record).isEqualTo("solver");
    assertThat(record.path("taker").asText()).isEqualTo(MAKER.address().toChecksumHex());
    assertThat(new java.math.BigDecimal(record.path("penalty").asText())).isPositive();
    assertBalanced(owner);
    ClusterOrders.pushPrice(other); // back to 3,000 for what follows
  }

  /**
   * The risk monitor's market engine holds no accounts on a partitioned ledger: it scans those the
   * partitions store, so the funded and trading accounts of the steps before are in its exposure.
   */
  private static void theRiskMonitorScansTheStoredPartitions(ServiceProcess replica)
      throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    Answer risk = ClusterHttp.get(replica.baseUri(), "/v1/risk");
    while (risk.body().path("accounts").asInt() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(250); // refreshed every second here (60 s by default)
      risk = ClusterHttp.get(replica.baseUri(), "/v1/risk");
    }
    assertThat(risk.status()).as(risk.body().toString()).isEqualTo(200);
    assertThat(risk.body().path("accounts").asInt())
        .as("the traders, the solver and the fee pool's shards: %s", risk.body())
        .isGreaterThanOrEqualTo(4);
    assertThat(new java.math.BigDecimal(risk.text("collateralValue"))).isPositive();
  }

  /**
   * On a partitioned ledger a new intent is taken by the replica that writes its trader's partition
   * (which holds the margin in its own step), wherever it is sent, where a single writer would
   * forward it to the owner; the rest still goes to the owner. The replicas learn who writes what
   * at their next probe, so the first intents may still be taken where they are sent.
   */
  private static void anIntentGoesToTheWriterOfItsTradersPartition(
      ServiceProcess follower,
      Map<ServiceProcess, Set<Integer>> writes,
      Map<ServiceProcess, String> names)
      throws Exception {
    LedgerPartitioner partitioner = new LedgerPartitioner(PARTITIONS);
    PrivateKey trader = SignedOrders.key(29_990);
    for (int k = 29_989; writes.get(follower).contains(partitioner.of(trader.address())); k--) {
      trader = SignedOrders.key(k); // written by another replica
    }
    int home = partitioner.of(trader.address());
    String writer =
        writes.entrySet().stream()
            .filter(e -> e.getValue().contains(home))
            .map(e -> names.get(e.getKey()))
            .findFirst()
            .orElseThrow();
    ClusterOrders.fund(follower, trader, "10");
    Answer accepted = null;
    for (int nonce = 1; nonce <= 20; nonce++) { // the directory is read every 250 ms
      accepted =
          ClusterHttp.post(follower.baseUri(), "/v1/intents", ClusterOrders.order(trader, nonce));
      assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
      if (writer.equals(accepted.answeredBy())) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(accepted.answeredBy())
        .as("taken by %s, which writes partition %d", writer, home)
        .isEqualTo(writer);
    Answer read = ClusterHttp.get(follower.baseUri(), "/v1/intents/" + accepted.text("orderId"));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.answeredBy())
        .as("a read is still answered by the owner")
        .isNotEqualTo(names.get(follower));
  }

  /** Until the replicas' readiness reports every partition written, by exactly one of them. */
  private static Map<ServiceProcess, Set<Integer>> awaitAllPartitionsWritten(
      List<ServiceProcess> replicas) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    Map<ServiceProcess, Set<Integer>> writes = new HashMap<>();
    while (System.nanoTime() < deadline) {
      writes.clear();
      Set<Integer> all = new TreeSet<>();
      int count = 0;
      boolean ready = true;
      for (ServiceProcess r : replicas) {
        Answer health = ClusterHttp.get("http://127.0.0.1:" + r.managementPort, "/q/health/ready");
        ready &= health.status() == 200;
        Set<Integer> mine = partitions(health.body().toString());
        writes.put(r, mine);
        all.addAll(mine);
        count += mine.size();
      }
      if (ready && all.size() == PARTITIONS && count == PARTITIONS) {
        return writes;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the partitions were not all written within 60 s: " + writes);
  }

  private static Map<String, Set<Integer>> names(Map<ServiceProcess, Set<Integer>> writes) {
    Map<String, Set<Integer>> named = new java.util.TreeMap<>();
    writes.forEach((r, p) -> named.put(r.baseUri(), p));
    return named;
  }

  static Set<Integer> partitions(String readiness) {
    Matcher m = PARTITIONS_DATA.matcher(readiness);
    Set<Integer> found = new TreeSet<>();
    if (m.find() && !m.group(1).isBlank()) {
      for (String p : m.group(1).split(",")) {
        found.add(Integer.parseInt(p.trim()));
      }
    }
    return found;
  }

  private static void awaitOwner(List<ServiceProcess> replicas) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    Optional<ServiceProcess> owner = Replicas.findOwner(replicas);
    while (owner.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      owner = Replicas.findOwner(replicas);
    }
    assertThat(owner).as("a survivor runs the workflows").isPresent();
  }

  private static int openReservations(ServiceProcess replica, PrivateKey account) throws Exception {
    Answer view =
        ClusterHttp.get(replica.baseUri(), "/v1/accounts/" + account.address().toChecksumHex());
    assertThat(view.status()).as(view.body().toString()).isEqualTo(200);
    return view.body().path("openReservations").asInt();
  }

  private static void assertBalanced(ServiceProcess replica) throws Exception {
    Answer ledger = ClusterHttp.get(replica.baseUri(), "/v1/ledger");
    assertThat(ledger.status()).as(ledger.body().toString()).isEqualTo(200);
    assertThat(ledger.text("imbalance")).as(ledger.body().toString()).isEqualTo("0");
    assertThat(ledger.body().path("balanced").asBoolean()).isTrue();
  }

  private ServiceProcess replica(KafkaBroker broker, RedisServer redis, String name)
      throws Exception {
    return Replicas.start(
        work,
        broker,
        redis,
        name,
        "-Domnimargin.cluster.ledger=partitioned",
        "-Domnimargin.cluster.ledger-partitions=" + PARTITIONS,
        "-Domnimargin.cluster.session-timeout=" + SESSION.toSeconds() + "s",
        "-Domnimargin.risk-monitor.interval=1s",
        "-Domnimargin.auction.enabled=true",
        "-Domnimargin.auction.window=2s",
        "-Domnimargin.auction.fill-window=10s",
        "-Domnimargin.solvers.bond=5000",
        "-Domnimargin.solvers.allow=" + MAKER.address().toChecksumHex());
  }
}
