package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

/** What the tests of partition writers on a real broker share. */
final class Writers {
  private Writers() {}

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
