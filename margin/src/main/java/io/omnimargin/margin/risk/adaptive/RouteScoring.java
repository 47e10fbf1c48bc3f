package io.omnimargin.margin.risk.adaptive;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.InvalidRiskConfigException;
import java.math.BigInteger;

/**
 * How bridge health turns into the route discount {@code m}. Each health input gives a penalty in
 * basis points, never smaller for a worse input; {@code health = Π (1 − penalty)}; {@code m = floor
 * + (configured − floor)·health}, rounded down, with {@code floor = configured·floorRatio}. So
 * {@code m} lies in [floor, configured] and worse health never raises it (see docs/risk.md).
 *
 * @param windowSeconds disagreements and reorgs count while younger than this (default 1 h)
 * @param floorRatio the lowest {@code m} a live route can score, as a fraction of its configured
 *     {@code m} (default 0.5)
 * @param disagreementBps penalty per adapter disagreement in the window (default 500)
 * @param reorgBps penalty per reorg seen in the window (default 200)
 * @param lagBps penalty per expected finality lag of excess lag or silence (default 100)
 * @param feeDoublingBps penalty per doubling of the base fee above its reference (default 100)
 * @param driftBps penalty per expected block time of excess mean block time (default 100)
 * @param phaseInSeconds a fall of {@code m} reaches {@code AV_m} over this long; the whole range
 *     floor..configured takes this long (default 1 h). {@code AV_i} takes it at once.
 * @param latencyPercentile the measured settlement latency is this percentile (default 0.95)
 * @param latencyWindowSeconds of the observations younger than this (default 24 h)
 */
public record RouteScoring(
    long windowSeconds,
    BigInteger floorRatio,
    long disagreementBps,
    long reorgBps,
    long lagBps,
    long feeDoublingBps,
    long driftBps,
    long phaseInSeconds,
    double latencyPercentile,
    long latencyWindowSeconds) {

  public RouteScoring {
    if (windowSeconds <= 0 || phaseInSeconds <= 0 || latencyWindowSeconds <= 0) {
      throw new InvalidRiskConfigException("route scoring windows must be positive");
    }
    if (floorRatio.signum() < 0 || floorRatio.compareTo(Wad.ONE) > 0) {
      throw new InvalidRiskConfigException("route floor ratio must be in [0, 1]");
    }
    for (long bps : new long[] {disagreementBps, reorgBps, lagBps, feeDoublingBps, driftBps}) {
      if (bps < 0 || bps > 10_000) {
        throw new InvalidRiskConfigException("route penalties must be 0 to 10000 bps");
      }
    }
    if (!(latencyPercentile > 0 && latencyPercentile <= 1)) {
      throw new InvalidRiskConfigException("latency percentile must be in (0, 1]");
    }
  }

  public static RouteScoring defaults() {
    return new RouteScoring(3600, Wad.of("0.5"), 500, 200, 100, 100, 100, 3600, 0.95, 86_400);
  }

  /** {@code m} for the inputs: monotone, in [floor, configured]. */
  public BigInteger discount(BigInteger configured, RouteHealthInputs in) {
    BigInteger health = Wad.ONE;
    for (long bps : penalties(in)) {
      long kept = 10_000 - Math.min(10_000, bps);
      health = health.multiply(BigInteger.valueOf(kept)).divide(BigInteger.valueOf(10_000));
    }
    BigInteger floor = floor(configured);
    return floor.add(Wad.mulDown(configured.subtract(floor), health));
  }

  public BigInteger floor(BigInteger configured) {
    return Wad.mulUp(configured, floorRatio);
  }

  /**
   * The penalties in basis points, in the order disagreements, reorgs, finality lag, silence, base
   * fee, block time drift.
   */
  public long[] penalties(RouteHealthInputs in) {
    return new long[] {
      sat(in.disagreements(), disagreementBps),
      sat(in.reorgs(), reorgBps),
      excess(in.finalityLagSeconds(), in.expectedFinalitySeconds(), lagBps),
      excess(in.silenceSeconds(), in.expectedFinalitySeconds(), lagBps),
      doublings(in.baseFeeWei(), in.referenceBaseFeeWei()) * feeDoublingBps,
      excess(in.blockTimeMillis(), in.expectedBlockMillis(), driftBps)
    };
  }

  private static long sat(long count, long bps) {
    return count <= 0
        ? 0
        : count >= 10_000 ? Math.min(10_000, bps * 10_000) : Math.min(10_000, count * bps);
  }

  /** {@code bps} per whole {@code expected} of excess, prorated: {@code bps·(x − e)/e}. */
  static long excess(long observed, long expected, long bps) {
    if (expected <= 0 || observed <= expected) {
      return 0;
    }
    long over = observed - expected;
    return Math.min(10_000, over >= 10_000L * expected ? 10_000 : over * bps / expected);
  }

  private static long doublings(BigInteger fee, BigInteger reference) {
    if (reference.signum() <= 0 || fee.compareTo(reference) <= 0) {
      return 0;
    }
    // whole doublings: the largest d with reference·2^d ≤ fee
    int d = fee.bitLength() - reference.bitLength();
    if (reference.shiftLeft(d).compareTo(fee) > 0) {
      d--;
    }
    return Math.min(100, d);
  }
}
