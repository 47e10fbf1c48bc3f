package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.cluster.ClusterHttp.Answer;
import io.omnimargin.service.store.LocalRedis;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.settlement.testkit.LocalVault;
import io.omnimargin.testsupport.AnvilNode;
import io.omnimargin.testsupport.KafkaBroker;
import io.omnimargin.testsupport.RedisServer;
import io.omnimargin.testsupport.SignedOrders;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15's settlement case through real processes: three replicas of the packaged jar on a real
 * KRaft broker and {@code redis-server}, settling a vault on a real EVM node (anvil). The replica
 * that owns the ledger is the one settler; it is killed with SIGKILL in the middle of a step: some
 * deposits of one block are credited and the step's events are not all recorded. A survivor takes
 * the ledger over and finishes the step, and every deposit is credited exactly once: each account
 * holds exactly what it locked, every event has one outcome, and deposits made afterwards add to
 * (not replace or double) what was credited.
 *
 * <p>The kill races the settler: the test watches Redis in a tight loop and kills as soon as a
 * block's credits have begun and its records are not complete, then checks from Redis, with the
 * owner dead, that the step was indeed left half done. A round whose step finished before the kill
 * could land is not counted, and another block is tried.
 */
class ClusterSettlementIT {
  /** Depositors per block: one proof, then one credit and one record each, a wide window. */
  private static final int PER_BLOCK = 64;

  private static final int MAX_ROUNDS = 6;
  private static final BigInteger MILLI_ETH = BigInteger.TEN.pow(15);
  private static final String LEDGER = "om:ledger";
  private static final String OUTCOMES = "om:settlement:outcomes";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path work;

  private final List<ServiceProcess> live = new CopyOnWriteArrayList<>();
  private final List<ServiceProcess> started = new ArrayList<>();

  /** Every depositor, with what it has locked in the vault so far (wei). */
  private final Map<Address, BigInteger> locked = new LinkedHashMap<>();

  private int nextKey = 40_000;

  private static final int PARTITIONS = 6;

  /** Extra arguments of every replica, and the hashes the accounts are kept in. */
  private List<String> mode = List.of();

  private List<String> ledger = List.of(LEDGER);

  @Test
  @Timeout(600)
  void aSettlerKilledMidStepIsFinishedByASurvivorCreditingEachDepositOnce() throws Exception {
    run();
  }

  /**
   * The same on a partitioned ledger: the owner settles, and each credit is a command on the
   * depositor's partition, written by whichever replica holds it.
   */
  @Test
  @Timeout(600)
  void onAPartitionedLedgerASettlerKilledMidStepIsFinishedCreditingEachDepositOnce()
      throws Exception {
    mode =
        List.of(
            "-Domnimargin.cluster.ledger=partitioned",
            "-Domnimargin.cluster.ledger-partitions=" + PARTITIONS);
    List<String> hashes = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      hashes.add(LEDGER + ":{" + p + "}");
    }
    ledger = hashes;
    run();
  }

  private void run() throws Exception {
    try (AnvilNode chain = AnvilNode.start(1);
        KafkaBroker broker = KafkaBroker.start();
        RedisServer redis = RedisServer.start();
        LocalRedis.Client client = new LocalRedis.Client(redis.url())) {
      RedisCommands probe = client.commands();
      LocalVault vault = LocalVault.deploy(chain, SignedOrders.key(1).address());
      for (String name : List.of("r1", "r2", "r3")) {
        live.add(replica(chain, vault, broker, redis, name));
      }
      for (ServiceProcess r : live) {
        r.awaitReady();
      }
      boolean killedMidStep = false;
      for (int round = 1; round <= MAX_ROUNDS && !killedMidStep && live.size() > 1; round++) {
        ServiceProcess owner = awaitOwner();
        long recordedBefore = hlen(probe, OUTCOMES);
        List<Address> depositors = depositBlock(chain, vault, PER_BLOCK, round);
        killedMidStep = killWhenHalfDone(probe, owner, depositors, recordedBefore);
      }
      assertThat(killedMidStep)
          .as(
              "the owner was killed while a settlement step was half done, within %d blocks",
              MAX_ROUNDS)
          .isTrue();

      // the survivor that took the ledger over finishes the step: each deposit credited once
      awaitCredited(120);
      // deposits after the take-over add to what was credited
      List<Address> again =
          new ArrayList<>(locked.keySet()).subList(locked.size() - 8, locked.size());
      depositBlockFrom(chain, vault, again, BigInteger.valueOf(500).multiply(MILLI_ETH));
      awaitCredited(60);

      // a step records its events' outcomes after it credits them: the last ones may still come
      long events = locked.size() + again.size();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (hlen(probe, OUTCOMES) < events && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(hlen(probe, OUTCOMES))
          .as("one outcome per event, none recorded twice")
          .isEqualTo(events);
      for (Response outcome : probe.execute("HVALS", List.of(OUTCOMES))) {
        assertThat(outcome.toString()).startsWith("applied@");
      }
      Answer ledger = ClusterHttp.get(live.get(0).baseUri(), "/v1/ledger");
      assertThat(ledger.body().path("balanced").asBoolean()).as(ledger.body().toString()).isTrue();
      Answer settlement = ClusterHttp.get(live.get(1).baseUri(), "/v1/settlement");
      assertThat(settlement.body().path("chains").get(0).path("live").asBoolean())
          .as(settlement.body().toString())
          .isTrue();
    }
  }

  @AfterEach
  void stopReplicas() throws InterruptedException {
    for (ServiceProcess r : started) {
      r.close();
    }
  }

  /** The replica serving as owner now (after a kill, the survivor that took over). */
  private ServiceProcess awaitOwner() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Optional<ServiceProcess> owner = Replicas.findOwner(live);
    while (owner.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      owner = Replicas.findOwner(live);
    }
    return owner.orElseThrow(() -> new AssertionError("no survivor took the ledger over"));
  }

  /**
   * Watches Redis while the owner settles a block of {@code depositors}: once some of them are
   * credited and not all of the block's events are recorded, SIGKILLs the owner. Answers whether
   * the dead owner indeed left the step half done (checked after its death, when nothing moves).
   */
  private boolean killWhenHalfDone(
      RedisCommands probe, ServiceProcess owner, List<Address> depositors, long recordedBefore)
      throws Exception {
    List<String> fields = depositors.stream().map(Address::toLowerHex).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      int credited = present(probe, ledger, fields);
      long recorded = hlen(probe, OUTCOMES) - recordedBefore;
      if (recorded >= depositors.size()) {
        System.out.println("cluster settlement IT: the step finished before the kill; next block");
        return false;
      }
      if (credited > 0) {
        live.remove(owner);
        owner.killMinus9();
        Thread.sleep(100); // whatever the dead process had sent is applied by now
        int creditedAtDeath = present(probe, ledger, fields);
        long recordedAtDeath = hlen(probe, OUTCOMES) - recordedBefore;
        System.out.printf(
            "cluster settlement IT: owner killed with %d of %d deposits credited, %d recorded%n",
            creditedAtDeath, depositors.size(), recordedAtDeath);
        return creditedAtDeath > 0 && recordedAtDeath < depositors.size();
      }
    }
    throw new AssertionError("the owner never credited the block (logs in " + work + ")");
  }

  /** How many of {@code fields} the hashes hold (an account is in one of them). */
  private static int present(RedisCommands redis, List<String> hashes, List<String> fields) {
    int n = 0;
    for (String hash : hashes) {
      List<String> args = new ArrayList<>(fields.size() + 1);
      args.add(hash);
      args.addAll(fields);
      for (Response value : redis.execute("HMGET", args)) {
        n += value == null ? 0 : 1;
      }
    }
    return n;
  }

  private static long hlen(RedisCommands redis, String hash) {
    return redis.execute("HLEN", List.of(hash)).toLong();
  }

  /** Locks a different amount for each of {@code n} new depositors, all in one block. */
  private List<Address> depositBlock(AnvilNode chain, LocalVault vault, int n, int round) {
    List<Address> depositors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PrivateKey key = SignedOrders.key(nextKey++);
      depositors.add(key.address());
    }
    // each its own amount, so that a credit landing on the wrong account shows
    List<BigInteger> amounts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      amounts.add(MILLI_ETH.multiply(BigInteger.valueOf(round * 1000L + i + 1)));
    }
    send(chain, vault, depositors, amounts);
    return depositors;
  }

  private void depositBlockFrom(
      AnvilNode chain, LocalVault vault, List<Address> depositors, BigInteger each) {
    if (!depositors.isEmpty()) {
      send(chain, vault, depositors, depositors.stream().map(d -> each).toList());
    }
  }

  /**
   * Sends one deposit per depositor from impersonated accounts with mining paused, then mines them
   * into one block and one more on top (the settlers wait for one confirmation).
   */
  private void send(
      AnvilNode chain, LocalVault vault, List<Address> depositors, List<BigInteger> amounts) {
    chain.rpc("evm_setAutomine", "[false]");
    chain.rpc("anvil_autoImpersonateAccount", "[true]");
    for (int i = 0; i < depositors.size(); i++) {
      String from = depositors.get(i).toChecksumHex();
      chain.rpc("anvil_setBalance", "[\"" + from + "\",\"0x56bc75e2d63100000\"]"); // 100 ETH
      chain.rpc(
          "eth_sendTransaction",
          "[{\"from\":\""
              + from
              + "\",\"to\":\""
              + vault.vault.toChecksumHex()
              + "\",\"value\":\"0x"
              + amounts.get(i).toString(16)
              + "\",\"gas\":\"0x249f0\",\"data\":\""
              + LocalVault.encode("depositNative")
              + "\"}]");
      locked.merge(depositors.get(i), amounts.get(i), BigInteger::add);
    }
    chain.rpc("evm_mine", "[]");
    chain.rpc("evm_setAutomine", "[true]");
    chain.mine(1);
  }

  /** Waits until every depositor's ETH on chain 1 is exactly what it locked, seen on a survivor. */
  private void awaitCredited(int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (Map.Entry<Address, BigInteger> e : locked.entrySet()) {
      BigDecimal expected = new BigDecimal(e.getValue(), 18);
      BigDecimal seen = null;
      while (System.nanoTime() < deadline) {
        seen = eth(e.getKey());
        if (seen != null && seen.compareTo(expected) == 0) {
          break;
        }
        assertThat(seen == null || seen.compareTo(expected) < 0)
            .as("%s holds %s, more than the %s it locked", e.getKey(), seen, expected)
            .isTrue();
        Thread.sleep(100);
      }
      assertThat(seen)
          .as("%s credited what it locked (logs in %s)", e.getKey(), work)
          .isNotNull()
          .isEqualByComparingTo(expected);
    }
  }

  /**
   * The account's ETH on chain 1 as a survivor shows it; null before any credit or mid-failover.
   */
  private BigDecimal eth(Address account) throws IOException, InterruptedException {
    Answer view = ClusterHttp.get(live.get(0).baseUri(), "/v1/accounts/" + account.toChecksumHex());
    if (view.status() != 200) {
      return null;
    }
    for (var line : view.body().path("collateral")) {
      if ("1".equals(line.path("chainId").asText()) && "ETH".equals(line.path("asset").asText())) {
        return new BigDecimal(line.path("amount").asText());
      }
    }
    return null;
  }

  private ServiceProcess replica(
      AnvilNode chain, LocalVault vault, KafkaBroker broker, RedisServer redis, String name)
      throws Exception {
    List<String> args = new ArrayList<>(mode);
    args.addAll(
        List.of(
            "-Domnimargin.settlement.poll-interval=100ms",
            "-Domnimargin.settlement.chains.\"1\".rpc-urls="
                + chain.rpcUrl()
                + ","
                + chain.rpcUrl()
                + "/",
            "-Domnimargin.settlement.chains.\"1\".confirmations=1",
            "-Domnimargin.settlement.chains.\"1\".vault=" + vault.vault.toChecksumHex(),
            "-Domnimargin.risk.routes.\"1\".finality-lag=120s",
            "-Domnimargin.risk.routes.\"1\".block-time=120s"));
    ServiceProcess replica = Replicas.start(work, broker, redis, name, args.toArray(String[]::new));
    started.add(replica);
    return replica;
  }
}
