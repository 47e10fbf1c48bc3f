package io.omnimargin.cluster.partition;

import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.broadcast.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until every partition of the ledger has applied its log as far as it reached when asked:
 * what any replica produced before then (a fill its owner sent just before it died, say) is then in
 * the store, and a read of the store answers for it. A new owner of the workflows waits so before
 * it resumes the auctions, which ask the store whether an award's trade is booked.
 */
public final class LogCatchUp {
  private LogCatchUp() {}

  /**
   * @param settings the ledger's accounts topic and its brokers
   * @return the partitions still behind when {@code timeout} ran out (empty: all caught up)
   */
  public static Set<Integer> await(
      BroadcastSettings settings, PartitionStore store, int partitions, Duration timeout)
      throws InterruptedException {
    Map<Integer, Long> ends = ends(settings, partitions);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<Integer> behind = behind(ends, store.marks(ends.keySet()));
      if (behind.isEmpty() || System.nanoTime() > deadline) {
        return behind;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** The partitions whose stored offset is short of the last record before {@code ends}. */
  static Set<Integer> behind(Map<Integer, Long> ends, Map<Integer, PartitionStore.Mark> marks) {
    Set<Integer> behind = new TreeSet<>();
    ends.forEach(
        (p, end) -> {
          PartitionStore.Mark mark = marks.get(p);
          long applied = mark == null ? -1 : mark.offset();
          if (applied + 1 < end) {
            behind.add(p);
          }
        });
    return behind;
  }

  /** Each partition's log end offset now: the offset its next record will have. */
  private static Map<Integer, Long> ends(BroadcastSettings settings, int partitions) {
    try (KafkaConsumer<byte[], byte[]> probe = KafkaClients.consumer(settings, "catch-up")) {
      List<TopicPartition> all = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        all.add(new TopicPartition(settings.topic(), p));
      }
      Map<Integer, Long> ends = new java.util.HashMap<>();
      probe
          .endOffsets(all, Duration.ofSeconds(10))
          .forEach((tp, end) -> ends.put(tp.partition(), end));
      return ends;
    }
  }
}
