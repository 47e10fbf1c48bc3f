package io.omnimargin.cluster.partition;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link ReservationHistory} on the store of one process, over many random histories. */
class ReservationsTest {

  @Property(tries = 150)
  void collateralIsNeverHeldTwiceAndEveryAcceptedReservationIsKept(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int partitions) {
    ReservationHistory.check(seed, partitions, new InMemoryPartitionStore());
  }
}
