package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Time-weighted index averages, checked against the average of a reading per second. */
class IndexAveragesTest {
  private static final String M = "ETH-PERP";

  @Test
  void anIntervalIsAveragedOverTheTimeEachReadingHeld() {
    IndexAverages averages = new IndexAverages(7_200, m -> Optional.empty());
    averages.record(M, 90, BigInteger.valueOf(1_000)); // before the interval: holds until 130
    averages.record(M, 130, BigInteger.valueOf(2_000));
    averages.record(M, 170, BigInteger.valueOf(4_000));
    averages.record(M, 250, BigInteger.valueOf(9_999)); // after the interval: not in it
    // [100, 200): 1000 for 30 s, 2000 for 40 s, 4000 for 30 s
    assertThat(averages.average(M, 100, 200)).contains(BigInteger.valueOf(2_300));
    assertThat(averages.average(M, 0, 90)).as("before the first reading").isEmpty();
    assertThat(averages.average(M, 60, 100))
        .as("only the part readings cover")
        .contains(BigInteger.valueOf(1_000));
    assertThat(averages.average("BTC-PERP", 100, 200)).isEmpty();
  }

  @Test
  void randomReadingsAverageAsOneReadingPerSecondDoes() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    IndexAverages averages = new IndexAverages(1_000, m -> Optional.empty());
    BigInteger[] perSecond = new BigInteger[600];
    BigInteger current = null;
    for (int t = 0; t < 600; t++) {
      if (t == 0 || random.nextInt(10) == 0) {
        current = BigInteger.valueOf(1_000 + random.nextInt(9_000));
        averages.record(M, t, current);
      }
      perSecond[t] = current;
    }
    for (int i = 0; i < 50; i++) {
      int from = random.nextInt(590);
      int to = from + 1 + random.nextInt(600 - from - 1);
      BigInteger sum = BigInteger.ZERO;
      for (int t = from; t < to; t++) {
        sum = sum.add(perSecond[t]);
      }
      assertThat(averages.average(M, from, to))
          .as("seed %d, [%d, %d)", seed, from, to)
          .contains(sum.divide(BigInteger.valueOf(to - from)));
    }
  }

  @Test
  void readingsOlderThanKeptAreDroppedButTheLastOfThemStillHolds() {
    IndexAverages averages = new IndexAverages(100, m -> Optional.empty());
    averages.record(M, 0, BigInteger.valueOf(5));
    averages.record(M, 10, BigInteger.valueOf(7));
    averages.record(M, 500, BigInteger.valueOf(9));
    assertThat(averages.average(M, 0, 10)).as("dropped").isEmpty();
    assertThat(averages.average(M, 400, 500))
        .as("the last of them holds")
        .contains(BigInteger.valueOf(7));
  }
}
