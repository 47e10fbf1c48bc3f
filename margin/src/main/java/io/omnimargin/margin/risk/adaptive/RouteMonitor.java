package io.omnimargin.margin.risk.adaptive;

import io.omnimargin.margin.risk.Route;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One route's health as settlement observes it, and its adaptive {@code m} and {@code L_route}.
 * Observations arrive from settlement's threads; {@link #score} is called on a timer. Plain Java
 * with the hub's clock passed in.
 */
public final class RouteMonitor {
  private final Route route;
  private final RouteExpectations expected;
  private final RouteScoring scoring;
  private final LatencyMeter latency;
  private final Deque<Long> disagreements = new ArrayDeque<>();
  private final Deque<Long> reorgs = new ArrayDeque<>();
  private long finalNumber = -1;
  private long finalTimestamp;
  private long advancedAt = -1;
  private long lagSeconds;
  private BigInteger baseFee = BigInteger.ZERO;
  private long blockMillis;
  private BigInteger maintenance;
  private long scoredAt = -1;

  public RouteMonitor(Route route, RouteExpectations expected, RouteScoring scoring) {
    this.route = route;
    this.expected = expected;
    this.scoring = scoring;
    this.latency = new LatencyMeter(scoring.latencyPercentile(), scoring.latencyWindowSeconds());
    this.maintenance = route.discount();
  }

  public long chainId() {
    return route.chainId();
  }

  /** A newly attested final block's header facts, seen at hub time {@code observedAt}. */
  public synchronized void finalBlock(
      long number, long timestamp, BigInteger baseFeeWei, long observedAt) {
    if (number <= finalNumber) {
      return;
    }
    if (finalNumber >= 0 && timestamp >= finalTimestamp) {
      blockMillis = (timestamp - finalTimestamp) * 1000 / (number - finalNumber);
    }
    finalNumber = number;
    finalTimestamp = timestamp;
    advancedAt = observedAt;
    lagSeconds = Math.max(0, observedAt - timestamp);
    baseFee = baseFeeWei == null ? BigInteger.ZERO : baseFeeWei;
  }

  /** The route's adapters gave different hashes for one block. */
  public synchronized void disagreement(long at) {
    disagreements.addLast(at);
  }

  /** A block settlement had taken as canonical was replaced. */
  public synchronized void reorg(long at) {
    reorgs.addLast(at);
  }

  /** A deposit made at {@code blockTime} (source chain) was credited at {@code creditedAt}. */
  public void credited(long blockTime, long creditedAt) {
    latency.observe(creditedAt - blockTime, creditedAt);
  }

  /** The health inputs now. */
  public synchronized RouteHealthInputs inputs(long now) {
    prune(disagreements, now);
    prune(reorgs, now);
    return new RouteHealthInputs(
        disagreements.size(),
        reorgs.size(),
        lagSeconds,
        advancedAt < 0 ? 0 : Math.max(0, now - advancedAt),
        expected.finalitySeconds(),
        baseFee,
        expected.referenceBaseFeeWei(),
        blockMillis,
        expected.blockMillis());
  }

  /**
   * Scores the route now and moves the phased-in {@code m} of {@code AV_m}: a rise at once, a fall
   * by at most {@code (configured − floor)·elapsed/phaseIn}.
   */
  public synchronized RouteScore score(long now) {
    RouteHealthInputs in = inputs(now);
    BigInteger m = scoring.discount(route.discount(), in);
    BigInteger floor = scoring.floor(route.discount());
    if (m.compareTo(maintenance) >= 0) {
      maintenance = m;
    } else {
      long elapsed = scoredAt < 0 ? 0 : Math.max(0, now - scoredAt);
      BigInteger step =
          route
              .discount()
              .subtract(floor)
              .multiply(BigInteger.valueOf(elapsed))
              .divide(BigInteger.valueOf(scoring.phaseInSeconds()));
      maintenance = m.max(maintenance.subtract(step));
    }
    scoredAt = now;
    long measured = latency.percentile(now);
    long used = Math.max(route.latencySeconds(), measured);
    return new RouteScore(
        route.chainId(),
        route.discount(),
        floor,
        m,
        maintenance,
        used,
        measured,
        in,
        RouteExplanation.of(route, m, maintenance, in, scoring, used, measured));
  }

  private void prune(Deque<Long> times, long now) {
    while (!times.isEmpty() && now - times.peekFirst() >= scoring.windowSeconds()) {
      times.removeFirst();
    }
  }
}
