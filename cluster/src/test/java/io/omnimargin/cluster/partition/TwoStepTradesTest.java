package io.omnimargin.cluster.partition;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link TwoStepTradeHistory} on the store of one process, over many random histories. */
class TwoStepTradesTest {

  @Property(tries = 200)
  void everyTradeIsBookedOnceOnEachSideAndTheLedgerBalancesThroughout(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int partitions) {
    TwoStepTradeHistory.check(seed, partitions, new InMemoryPartitionStore());
  }

  @net.jqwik.api.lifecycle.AfterContainer
  static void formerOwnersTriedToWrite() {
    org.assertj.core.api.Assertions.assertThat(TwoStepTradeHistory.history.zombieWritesRefused)
        .as("former owners' writes refused over the histories")
        .isPositive();
  }
}
