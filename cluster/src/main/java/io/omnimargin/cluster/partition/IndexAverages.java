package io.omnimargin.cluster.partition;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Time-weighted averages of each market's index over past intervals, from the readings one replica
 * took (of the prices every replica has from the broadcast log): what the partitioned funding clock
 * prices an interval with. A reading holds until the next one; an interval is averaged over the
 * part of it that readings cover, and has no average before its first reading. Readings older than
 * {@code keepSeconds} are dropped, except the last of them, which still holds after them. Averages
 * are wad, rounded down.
 */
public final class IndexAverages implements PartitionFundingClock.FundingIndex {
  private final long keepSeconds;
  private final java.util.function.Function<String, Optional<BigInteger>> now;
  private final Map<String, TreeMap<Long, BigInteger>> readings = new HashMap<>();

  /**
   * @param keepSeconds how far back averages may be asked (two funding intervals suffice)
   * @param now a market's index now, when fresh
   */
  public IndexAverages(
      long keepSeconds, java.util.function.Function<String, Optional<BigInteger>> now) {
    this.keepSeconds = keepSeconds;
    this.now = now;
  }

  /** Keeps the market's index as read at {@code at} (epoch seconds). */
  public synchronized void record(String market, long at, BigInteger index) {
    TreeMap<Long, BigInteger> series = readings.computeIfAbsent(market, m -> new TreeMap<>());
    series.put(at, index);
    Long keepFrom = series.floorKey(at - keepSeconds);
    if (keepFrom != null) {
      series.headMap(keepFrom, false).clear();
    }
  }

  @Override
  public synchronized Optional<BigInteger> average(String market, long from, long to) {
    TreeMap<Long, BigInteger> series = readings.get(market);
    if (series == null || to <= from) {
      return Optional.empty();
    }
    Long first = series.floorKey(from);
    NavigableMap<Long, BigInteger> within =
        series.subMap(first == null ? from : first, true, to, false);
    BigInteger weighted = BigInteger.ZERO;
    long covered = 0;
    Map.Entry<Long, BigInteger> previous = null;
    for (Map.Entry<Long, BigInteger> reading : within.entrySet()) {
      if (previous != null) {
        long span = Math.min(reading.getKey(), to) - Math.max(previous.getKey(), from);
        weighted = weighted.add(previous.getValue().multiply(BigInteger.valueOf(span)));
        covered += span;
      }
      previous = reading;
    }
    if (previous != null) {
      long span = to - Math.max(previous.getKey(), from);
      weighted = weighted.add(previous.getValue().multiply(BigInteger.valueOf(span)));
      covered += span;
    }
    return covered == 0
        ? Optional.empty()
        : Optional.of(weighted.divide(BigInteger.valueOf(covered)));
  }

  @Override
  public Optional<BigInteger> now(String market) {
    return now.apply(market);
  }
}
