package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.LedgerSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * A ledger of P partitions as a cluster runs it, in one thread: a log per partition (the offset is
 * the index), one owner per partition working from the store, owners that crash and are replaced,
 * and outbox relays that may send a leg any number of times. Each owner commits every step before
 * it reads the next (persist, then go on). A new owner reads the log from the consumer group's
 * committed position, as Kafka hands a partition over, which trails what the store has applied: the
 * ledger skips what was applied before.
 */
public final class PartitionedCluster {
  final LedgerPartitioner partitioner;
  final SystemShards shards = new SystemShards(ClearingParameters.defaults());
  final PartitionStore store;
  private final List<List<PartitionCommand>> logs = new ArrayList<>();
  private final PartitionLedger[] owners;
  private final long[] epochs;
  private final int[] next;
  private final int[] groupOffset;
  private final PartitionEngines engines;
  // the owners' clock, which stamps the keys they apply; it stands still unless a test moves it
  private long nowSeconds = 1_800_000_000L;
  private final java.util.function.LongSupplier clock = () -> nowSeconds;
  int zombieWritesRefused;

  /** A command committed by its partition's owner, and what its requester was answered. */
  record Answered(int partition, int offset, PartitionCommand command, String outcome) {}

  /** Every command committed, in the order of the commits. */
  final List<Answered> answered = new ArrayList<>();

  PartitionedCluster(int partitions) {
    this(partitions, new InMemoryPartitionStore());
  }

  PartitionedCluster(int partitions, PartitionStore store) {
    this(partitions, store, PartitionEngines.unpriced(() -> 1_800_000_000L));
  }

  PartitionedCluster(int partitions, PartitionStore store, PartitionEngines engines) {
    this.store = store;
    this.engines = engines;
    partitioner = new LedgerPartitioner(partitions).withSystem(shards);
    owners = new PartitionLedger[partitions];
    epochs = new long[partitions];
    next = new int[partitions];
    groupOffset = new int[partitions];
    for (int p = 0; p < partitions; p++) {
      logs.add(new ArrayList<>());
      takeOver(p);
    }
  }

  /**
   * A cluster whose engines have no prices, on the histories' standing clock: positions without
   * collateral are booked and not liquidated, as the funding tests want.
   */
  static PartitionedCluster unpriced(int partitions) {
    return new PartitionedCluster(
        partitions,
        new InMemoryPartitionStore(),
        PartitionEngines.unpriced(() -> ReservationHistory.NOW));
  }

  /** One owner's move at random: a step, a crash, a position committed, a relay or an ack. */
  void randomOwnerAction(java.util.Random random) {
    int p = random.nextInt(partitions());
    int roll = random.nextInt(10);
    if (roll < 5) {
      step(p);
    } else if (roll < 6) {
      stepAndCrash(p);
    } else if (roll < 7) {
      commitConsumerPosition(p);
    } else if (roll < 9) {
      relay(p);
    } else {
      acknowledge(p);
    }
  }

  /** Moves the owners' clock on. */
  void advanceClock(long seconds) {
    nowSeconds += seconds;
  }

  int partitions() {
    return owners.length;
  }

  /** Produces a command to the partition of the account it is about. */
  void produce(int partition, PartitionCommand command) {
    logs.get(partition).add(command);
  }

  /** A new owner: the epoch moves on, the state is loaded, the log is read from the group's. */
  PartitionLedger takeOver(int p) {
    PartitionLedger former = owners[p];
    epochs[p] = store.takeOver(p);
    owners[p] = new PartitionLedger(store.load(p), partitioner, shards, engines, clock, epochs[p]);
    owners[p].readOtherPartitions(store);
    next[p] = groupOffset[p];
    return former;
  }

  /** The owner commits what its engine changed between commands (a price tick), if anything. */
  void between(int p) {
    owners[p].between().ifPresent(this::commit);
  }

  /** The partition's owner now. */
  PartitionLedger owner(int p) {
    return owners[p];
  }

  /** The owner's consumer commits its position to the group (Kafka's auto-commit, now and then). */
  void commitConsumerPosition(int p) {
    groupOffset[p] = next[p];
  }

  boolean pending(int p) {
    return next[p] < logs.get(p).size();
  }

  /** The owner applies the next command and commits it. */
  void step(int p) {
    stepBatch(p, 1, false);
  }

  /**
   * The owner applies up to {@code n} commands and commits them as one ({@link
   * PartitionCommit#then}), or dies before that commit: then nothing of them is kept.
   */
  void stepBatch(int p, int n, boolean crash) {
    PartitionCommit batch = null;
    List<Answered> answers = new ArrayList<>();
    owners[p].newBatch(); // as the writer's poll begins
    for (int i = 0; i < n && pending(p); i++) {
      PartitionCommand command = logs.get(p).get(next[p]);
      java.util.Optional<PartitionLedger.Applied> applied = owners[p].apply(next[p], command);
      if (applied.isPresent()) {
        PartitionCommit c = applied.get().commit();
        batch = batch == null ? c : batch.then(c);
        answers.add(new Answered(p, next[p], command, applied.get().outcome()));
      }
      next[p]++;
    }
    if (crash) {
      takeOver(p);
    } else if (batch != null) {
      commit(batch);
      answered.addAll(answers); // persist, then reply
    }
  }

  /** The owner applies the next command and dies before its commit: nothing of it is kept. */
  void stepAndCrash(int p) {
    if (pending(p)) {
      owners[p].apply(next[p], logs.get(p).get(next[p]));
    }
    takeOver(p);
  }

  /** A former owner that missed its replacement applies the next command: the store refuses it. */
  void zombieStep(int p) {
    PartitionLedger zombie = owners[p];
    long zombieEpoch = epochs[p];
    int zombieNext = Math.toIntExact(zombie.offset() + 1);
    takeOver(p);
    if (zombieNext < logs.get(p).size()) {
      PartitionCommit late =
          zombie.apply(zombieNext, logs.get(p).get(zombieNext)).orElseThrow().commit();
      assertThat(store.commit(zombieEpoch, late)).as("fenced").isFalse();
      zombieWritesRefused++;
    }
  }

  /** The relay sends every leg in p's committed outbox to its partition, applied there or not. */
  void relay(int p) {
    store
        .load(p)
        .outbox()
        .values()
        .forEach(out -> produce(out.partition(), PartitionCommand.ApplyLeg.of(out)));
  }

  /** The owner drops from its outbox what the other partitions have committed as applied. */
  void acknowledge(int p) {
    owners[p]
        .acknowledge(
            out -> !store.applied(out.partition(), java.util.List.of(out.leg().key())).isEmpty())
        .ifPresent(this::commit);
  }

  private void commit(PartitionCommit commit) {
    assertThat(store.commit(epochs[commit.partition()], commit)).as("the owner's commit").isTrue();
  }

  /** Every log read, every leg relayed and applied, every outbox empty. */
  void drain() {
    for (int round = 0; round < 10 && !quiet(); round++) {
      for (int p = 0; p < partitions(); p++) {
        while (pending(p)) {
          step(p);
        }
      }
      for (int p = 0; p < partitions(); p++) {
        acknowledge(p);
        relay(p);
      }
    }
    assertThat(quiet()).as("drained").isTrue();
  }

  private boolean quiet() {
    for (int p = 0; p < partitions(); p++) {
      if (pending(p) || !store.load(p).outbox().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  List<PartitionState> all() {
    return store.loadAll(partitions());
  }

  /**
   * The ledger as {@code GET /v1/ledger} reads it (accounts and legs in flight, the applied keys
   * only looked up), checked against the summary of every partition loaded whole.
   */
  LedgerSummary summary() {
    LedgerSummary read = PartitionedLedgerView.summary(store.ledger(partitions()), shards);
    assertThat(read)
        .as("the ledger read without the applied keys, against every partition loaded whole")
        .isEqualTo(PartitionedLedgerView.summary(all(), shards));
    return read;
  }
}
