package io.omnimargin.margin.risk.adaptive;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Settlement latency of one route as measured: each observation is a deposit's block time to the
 * hub crediting its proof. Answers a high percentile (nearest rank, so a value actually observed)
 * over the observations younger than the window, at most {@code capacity} of them.
 */
public final class LatencyMeter {
  private static final int CAPACITY = 1024;
  private final double percentile;
  private final long windowSeconds;
  private final Deque<long[]> observations = new ArrayDeque<>(); // {observedAt, seconds}

  public LatencyMeter(double percentile, long windowSeconds) {
    this.percentile = percentile;
    this.windowSeconds = windowSeconds;
  }

  public synchronized void observe(long seconds, long observedAt) {
    observations.addLast(new long[] {observedAt, Math.max(0, seconds)});
    if (observations.size() > CAPACITY) {
      observations.removeFirst();
    }
  }

  /** The percentile over the window, or -1 without any observation in it. */
  public synchronized long percentile(long now) {
    while (!observations.isEmpty() && now - observations.peekFirst()[0] > windowSeconds) {
      observations.removeFirst();
    }
    if (observations.isEmpty()) {
      return -1;
    }
    long[] values = observations.stream().mapToLong(o -> o[1]).toArray();
    Arrays.sort(values);
    int rank = (int) Math.ceil(percentile * values.length);
    return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
  }

  public synchronized int count() {
    return observations.size();
  }
}
