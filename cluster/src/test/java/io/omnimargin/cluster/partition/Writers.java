package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.broadcast.KafkaClients;
import io.omnimargin.margin.clearing.ClearingParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What a test of partition writers on a real broker works with: a ledger topic of its own, an
 * in-memory store, the partitioning and system shards, and the writers it started, closed with it.
 */
final class Writers implements AutoCloseable {
  static final Duration SESSION = Duration.ofSeconds(3);

  final LedgerPartitioner partitioner;
  final SystemShards shards = new SystemShards(ClearingParameters.defaults());
  final InMemoryPartitionStore store = new InMemoryPartitionStore();
  final String topic = "ledger-" + UUID.randomUUID();
  private final String bootstrapServers;
  private final List<PartitionWriter> started = new ArrayList<>();

  Writers(String bootstrapServers, int partitions) {
    this.bootstrapServers = bootstrapServers;
    this.partitioner = new LedgerPartitioner(partitions).withSystem(shards);
  }

  /** The settings replica {@code name} joins the topic with. */
  BroadcastSettings settings(String name) {
    return new BroadcastSettings(bootstrapServers, name, topic, (short) 1, SESSION);
  }

  /** A writer over the store, its engines priced as {@link ReservationHistory#pricedEngines}. */
  PartitionWriter start(String name) {
    return start(name, store, ReservationHistory.pricedEngines());
  }

  PartitionWriter start(String name, PartitionStore in, PartitionEngines engines) {
    return start(name, new PartitionWriter.Ledger(partitioner, shards, in, engines));
  }

  /** Every command through the log, even one asked on its partition's writer. */
  PartitionWriter startThroughLogOnly(String name, PartitionStore in) {
    return start(
        name,
        new PartitionWriter.Ledger(
            partitioner,
            shards,
            in,
            PartitionEngines.unpriced(() -> System.currentTimeMillis() / 1000),
            false));
  }

  private PartitionWriter start(String name, PartitionWriter.Ledger ledger) {
    PartitionWriter w =
        PartitionWriter.start(settings(name), ledger, name + "-" + UUID.randomUUID(), SESSION);
    started.add(w);
    return w;
  }

  /** Until no leg is in flight: every outbox of the store empty (30 s at most). */
  void awaitNothingInFlight() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!store.loadAll(partitioner.partitions()).stream().allMatch(p -> p.outbox().isEmpty())) {
      assertThat(System.nanoTime()).as("legs delivered within 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /**
   * Until every command in the log is applied and committed (each partition's stored offset at its
   * end), releases published without an answer included, and no leg is in flight (30 s at most).
   */
  void awaitSettled() throws InterruptedException {
    for (PartitionWriter w : started) {
      if (!w.stopped()) {
        w.flush(); // releases are published without waiting for the broker
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (KafkaConsumer<byte[], byte[]> probe = KafkaClients.consumer(settings("probe"), "probe")) {
      List<TopicPartition> all = new ArrayList<>();
      for (int p = 0; p < partitioner.partitions(); p++) {
        all.add(new TopicPartition(topic, p));
      }
      while (!settled(probe.endOffsets(all))) {
        assertThat(System.nanoTime()).as("the log applied within 30 s").isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  /** How many commands the ledger log holds for {@code partition}. */
  long logEnd(int partition) {
    try (KafkaConsumer<byte[], byte[]> probe = KafkaClients.consumer(settings("probe"), "probe")) {
      TopicPartition tp = new TopicPartition(topic, partition);
      return probe.endOffsets(List.of(tp)).getOrDefault(tp, 0L);
    }
  }

  /** How many answers owners have sent through the broker so far, to any requester. */
  long replies() {
    try (KafkaConsumer<byte[], byte[]> probe = KafkaClients.consumer(settings("probe"), "probe")) {
      List<TopicPartition> all = new ArrayList<>();
      for (int p = 0; p < LedgerReplies.PARTITIONS; p++) {
        all.add(new TopicPartition(LedgerReplies.topicOf(topic), p));
      }
      return probe.endOffsets(all).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private boolean settled(Map<TopicPartition, Long> ends) {
    for (PartitionState p : store.loadAll(partitioner.partitions())) {
      if (!p.outbox().isEmpty()
          || p.offset() + 1 < ends.getOrDefault(new TopicPartition(topic, p.partition()), 0L)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    started.forEach(PartitionWriter::close);
  }

  /** Until the two writers hold all the partitions between them, each some (60 s at most). */
  static void awaitAssigned(PartitionWriter a, PartitionWriter b, int partitions)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline
        && (a.partitions().isEmpty()
            || b.partitions().isEmpty()
            || a.partitions().size() + b.partitions().size() != partitions)) {
      Thread.sleep(50);
    }
    assertThat(a.partitions()).isNotEmpty();
    assertThat(b.partitions()).isNotEmpty();
  }
}
