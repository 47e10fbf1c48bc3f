package io.omnimargin.auction.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A solver's record: awards won, fills, fades (won and did not fill), and its bid response times
 * (the last 255, for the median). Mutated under the registry's lock.
 */
public final class Reputation {
  private static final int WINDOW = SolverRecord.RECENT_RESPONSES;
  private long awards;
  private long fills;
  private long fades;
  private final long[] responses = new long[WINDOW];
  private long responseCount;

  /** The reputation a record keeps (see {@link #recentResponses}). */
  static Reputation of(SolverRecord record) {
    Reputation r = new Reputation();
    r.awards = record.awards();
    r.fills = record.fills();
    r.fades = record.fades();
    r.responseCount = record.responses();
    List<Long> recent = record.recentResponseMillis();
    long first = record.responses() - recent.size();
    for (int i = 0; i < recent.size(); i++) {
      r.responses[slot(first + i)] = recent.get(i);
    }
    return r;
  }

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
    responses[slot(responseCount)] = millis;
    responseCount++;
  }

  private static int slot(long response) {
    return (int) (response % WINDOW);
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

  /** Bids recorded over the solver's life. */
  public long responses() {
    return responseCount;
  }

  /** The response times of the recent window, oldest first. */
  List<Long> recentResponses() {
    int n = (int) Math.min(responseCount, WINDOW);
    List<Long> recent = new ArrayList<>(n);
    for (long i = responseCount - n; i < responseCount; i++) {
      recent.add(responses[slot(i)]);
    }
    return recent;
  }

  /** Fades per award, in basis points (0 without awards). */
  public long fadeRateBasisPoints() {
    return awards == 0 ? 0 : fades * 10_000 / awards;
  }

  /** Median bid response time over the recent window; -1 before any bid. */
  public long medianResponseMillis() {
    int n = (int) Math.min(responseCount, WINDOW);
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
