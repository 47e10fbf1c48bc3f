package io.omnimargin.margin.contagion;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded series of log returns per asset, fed from price ticks, and the correlation between two
 * assets' returns. Time is cut into buckets of {@code bucketSeconds} by publish time; each bucket
 * keeps its asset's last price, and a return is the log change from the previous bucket held. Two
 * assets are compared over the buckets where both have a return. This is a risk estimate: it uses
 * {@code double}, never money, and nothing decides on it.
 */
public final class ReturnSeries {
  private static final double WAD = 1e18;

  private final long bucketSeconds;
  private final int capacity;
  private final Map<String, ArrayDeque<long[]>> buckets = new HashMap<>();
  private final Map<String, ArrayDeque<Double>> logPrices = new HashMap<>();

  /**
   * @param capacity how many buckets each asset keeps (returns: one fewer)
   */
  public ReturnSeries(long bucketSeconds, int capacity) {
    if (bucketSeconds <= 0 || capacity < 2) {
      throw new IllegalArgumentException("bucket > 0 s and capacity ≥ 2 required");
    }
    this.bucketSeconds = bucketSeconds;
    this.capacity = capacity;
  }

  /** One price of {@code asset} (wad USD) published at {@code publishTime}; older buckets drop. */
  public synchronized void record(String asset, BigInteger price, long publishTime) {
    long bucket = Math.floorDiv(publishTime, bucketSeconds);
    double log = Math.log(price.doubleValue() / WAD);
    ArrayDeque<long[]> b = buckets.computeIfAbsent(asset, a -> new ArrayDeque<>());
    ArrayDeque<Double> p = logPrices.computeIfAbsent(asset, a -> new ArrayDeque<>());
    if (!b.isEmpty() && b.peekLast()[0] == bucket) {
      p.pollLast();
      p.addLast(log);
      return;
    }
    if (!b.isEmpty() && b.peekLast()[0] > bucket) {
      return; // an older bucket than the last: too late to count
    }
    b.addLast(new long[] {bucket});
    p.addLast(log);
    if (b.size() > capacity) {
      b.pollFirst();
      p.pollFirst();
    }
  }

  /** How many returns {@code asset} has. */
  public synchronized int returns(String asset) {
    ArrayDeque<long[]> b = buckets.get(asset);
    return b == null ? 0 : Math.max(0, b.size() - 1);
  }

  /** Bucket → log return of {@code asset}. */
  private Map<Long, Double> returnsOf(String asset) {
    Map<Long, Double> out = new HashMap<>();
    ArrayDeque<long[]> b = buckets.get(asset);
    if (b == null) {
      return out;
    }
    Double previous = null;
    var prices = logPrices.get(asset).iterator();
    for (long[] bucket : b) {
      double log = prices.next();
      if (previous != null) {
        out.put(bucket[0], log - previous);
      }
      previous = log;
    }
    return out;
  }

  /**
   * Pearson's correlation of the two assets' returns over their common buckets; null with fewer
   * than 3 common returns or when either series does not move.
   */
  public synchronized Double correlation(String a, String b) {
    Map<Long, Double> ra = returnsOf(a);
    Map<Long, Double> rb = a.equals(b) ? ra : returnsOf(b);
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    int n = 0;
    for (Map.Entry<Long, Double> e : ra.entrySet()) {
      Double y = rb.get(e.getKey());
      if (y != null) {
        double x = e.getValue();
        sa += x;
        sb += y;
        saa += x * x;
        sbb += y * y;
        sab += x * y;
        n++;
      }
    }
    if (n < 3) {
      return null;
    }
    double cov = sab - sa * sb / n;
    double va = saa - sa * sa / n;
    double vb = sbb - sb * sb / n;
    if (va <= 0 || vb <= 0) {
      return null;
    }
    return Math.max(-1, Math.min(1, cov / Math.sqrt(va * vb)));
  }

  /** Rows × columns of correlations (null where undefined). */
  public CorrelationMatrix matrix(Collection<String> rows, Collection<String> columns) {
    List<String> r = rows.stream().sorted().toList();
    List<String> c = columns.stream().sorted().toList();
    List<List<Double>> values =
        r.stream().map(a -> c.stream().map(b -> correlation(a, b)).toList()).toList();
    return new CorrelationMatrix(r, c, values, bucketSeconds);
  }
}
