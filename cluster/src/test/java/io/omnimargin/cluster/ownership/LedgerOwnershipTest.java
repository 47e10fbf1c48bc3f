package io.omnimargin.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.cluster.Broker;
import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.broadcast.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ownership of the ledger on a real KRaft broker: one owner at a time, and a successor. */
class LedgerOwnershipTest {
  private static final Duration SESSION = Duration.ofSeconds(3);
  @RegisterExtension static final Broker broker = new Broker();
  private final List<LedgerOwnership> started = new ArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final String topic = "ledger-" + UUID.randomUUID();

  @AfterEach
  void stop() {
    started.forEach(LedgerOwnership::close);
  }

  private LedgerOwnership replica(String name) {
    LedgerOwnership ownership =
        LedgerOwnership.start(
            settings(name),
            name,
            SESSION,
            new LedgerOwnership.Listener() {
              @Override
              public void acquired() {
                events.add(name + " acquired");
              }

              @Override
              public void lost(String why) {
                events.add(name + " lost " + why);
              }
            });
    started.add(ownership);
    return ownership;
  }

  private BroadcastSettings settings(String name) {
    return new BroadcastSettings(
        broker.bootstrapServers(), name, topic, (short) 1, Duration.ofSeconds(10));
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration within)
      throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
  }

  @Test
  void oneOfThreeReplicasOwnsTheLedgerAndAJoinerDoesNotTakeIt() throws Exception {
    LedgerOwnership first = replica("a");
    await(first::owner, Duration.ofSeconds(30));
    assertThat(first.owner()).isTrue();
    LedgerOwnership second = replica("b");
    LedgerOwnership third = replica("c");
    // the joiners' rebalances finish within a few heartbeats; the sticky assignor keeps the owner
    Thread.sleep(SESSION.toMillis() + 1_000);
    assertThat(first.owner()).isTrue();
    assertThat(second.owner()).isFalse();
    assertThat(third.owner()).isFalse();
    assertThat(events).containsExactly("a acquired");
  }

  @Test
  void whenTheOwnerLeavesExactlyOneSurvivorTakesTheLedger() throws Exception {
    LedgerOwnership first = replica("a");
    await(first::owner, Duration.ofSeconds(30));
    LedgerOwnership second = replica("b");
    LedgerOwnership third = replica("c");
    Thread.sleep(1_000);
    long left = System.nanoTime();
    first.close();
    await(() -> second.owner() || third.owner(), Duration.ofSeconds(15));
    long tookMillis = (System.nanoTime() - left) / 1_000_000;
    assertThat(second.owner() ^ third.owner()).as("exactly one successor").isTrue();
    assertThat(tookMillis)
        .as("a replica that leaves hands over without a session timeout")
        .isLessThan(SESSION.toMillis() * 2);
    // the one that left closed: it is not told it lost the ledger, it gave it up
    assertThat(events).filteredOn(e -> e.startsWith("a ")).containsExactly("a acquired");
    assertThat(events).filteredOn(e -> e.endsWith("acquired")).hasSize(2);
  }

  /**
   * An owner whose process is gone: a static member of the group that stopped polling and did not
   * leave, with a 30 s session. Evicted, its partition moves to a survivor at once.
   */
  @Test
  void aGoneOwnerEvictedByASurvivorHandsOverWithoutItsSessionTimeout() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean alive =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicBoolean assigned =
        new java.util.concurrent.atomic.AtomicBoolean();
    KafkaConsumer<byte[], byte[]> gone =
        KafkaClients.consumer(
            settings("a"),
            "owners",
            Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                topic + "-owners",
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                "a",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                30_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                1_000));
    io.omnimargin.cluster.broadcast.Topics.ensure(settings("a"), Map.of());
    Thread polling =
        new Thread(
            () -> {
              gone.subscribe(List.of(topic));
              while (alive.get()) {
                gone.poll(Duration.ofMillis(100));
                assigned.set(!gone.assignment().isEmpty());
              }
              // the process dies: no leave, the coordinator waits out its 30 s session
              gone.close(
                  CloseOptions.groupMembershipOperation(
                      CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            });
    polling.start();
    await(assigned::get, Duration.ofSeconds(30));
    assertThat(assigned.get()).as("the first member owns the ledger").isTrue();
    LedgerOwnership second = replica("b");
    LedgerOwnership third = replica("c");
    Thread.sleep(2_000); // b and c have joined; the sticky assignor left the ledger with a
    assertThat(assigned.get()).isTrue();
    alive.set(false);
    polling.join();
    long evicted = System.nanoTime();
    assertThat(LedgerOwnership.evict(settings("b"), "a")).isTrue();
    await(() -> second.owner() || third.owner(), Duration.ofSeconds(25));
    long tookMillis = (System.nanoTime() - evicted) / 1_000_000;
    assertThat(second.owner() ^ third.owner()).as("exactly one successor").isTrue();
    assertThat(tookMillis).as("well within the gone owner's 30 s session").isLessThan(5_000);
    // owner() is true just before the listener hears it: wait for the listener too
    await(
        () -> events.stream().anyMatch(e -> !e.startsWith("a ") && e.endsWith("acquired")),
        Duration.ofSeconds(5));
    assertThat(events).filteredOn(e -> e.endsWith("acquired")).hasSize(1);
    // a second eviction (another survivor saw it gone too) changes nothing
    assertThat(LedgerOwnership.evict(settings("c"), "a")).isFalse();
  }
}
