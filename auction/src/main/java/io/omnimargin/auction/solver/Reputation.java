package io.omnimargin.auction.solver;

import java.util.Arrays;

/**
 * A solver's record: awards won, fills, fades (won and did not fill), and its bid response times
 * (the last 255, for the median). Mutated under the registry's lock.
 */
public final class Reputation {
  private static final int WINDOW = 255;
  private long awards;
  private long fills;
  private long fades;
  private final long[] responses = new long[WINDOW];
  private int responseCount;

  void award() {
    awards++;
  }

  void fill() {
    fills++;
  }

  void fade() {
    fades++;
  }

  void responded(long millis) {
    responses[responseCount % WINDOW] = millis;
    responseCount++;
  }

  public long awards() {
    return awards;
  }

  public long fills() {
    return fills;
  }

  public long fades() {
    return fades;
  }

  /** Fades per award, in basis points (0 without awards). */
  public long fadeRateBasisPoints() {
    return awards == 0 ? 0 : fades * 10_000 / awards;
  }

  /** Median bid response time over the recent window; -1 before any bid. */
  public long medianResponseMillis() {
    int n = Math.min(responseCount, WINDOW);
    if (n == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(responses, n);
    Arrays.sort(sorted);
    return sorted[n / 2];
  }

  /** Breaks ties between equal bids: fills count for, fades against. */
  public long score() {
    return fills - 2 * fades;
  }
}
