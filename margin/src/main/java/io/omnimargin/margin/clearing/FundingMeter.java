package io.omnimargin.margin.clearing;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * Measures one market's premium over a funding interval: the volume-weighted price of its fills
 * against the time-weighted average of its index. The rate is {@code (vwap − twap) / twap}, clamped
 * to the cap: positive when trades clear above the index, so longs pay shorts. No fills in the
 * interval means no premium and a zero rate. Not thread-safe: the engine's lock guards it.
 */
public final class FundingMeter {
  private BigInteger filledSize = BigInteger.ZERO; // Σ |size|, wad base units
  private BigInteger filledValue = BigInteger.ZERO; // Σ |size| · price, unscaled (wad²)
  private BigInteger indexArea = BigInteger.ZERO; // Σ index · seconds, wad
  private long indexSeconds;
  private BigInteger lastIndex;
  private long lastIndexAt;

  /** Starts a fresh interval at {@code now}, carrying the index it last saw. */
  public void reset(long now) {
    filledSize = BigInteger.ZERO;
    filledValue = BigInteger.ZERO;
    indexArea = BigInteger.ZERO;
    indexSeconds = 0;
    lastIndexAt = now;
  }

  public void fill(BigInteger size, BigInteger price) {
    filledSize = filledSize.add(size.abs());
    filledValue = filledValue.add(size.abs().multiply(price));
  }

  /** The index changed to {@code price} at {@code now}: the previous one held until now. */
  public void index(BigInteger price, long now) {
    accrue(now);
    lastIndex = price;
  }

  private void accrue(long now) {
    if (lastIndex != null && now > lastIndexAt) {
      indexArea = indexArea.add(lastIndex.multiply(BigInteger.valueOf(now - lastIndexAt)));
      indexSeconds += now - lastIndexAt;
    }
    lastIndexAt = Math.max(lastIndexAt, now);
  }

  /** The interval's average index so far (the last one seen if no time has passed), if any. */
  public BigInteger averageIndex(long now) {
    accrue(now);
    if (indexSeconds == 0) {
      return lastIndex;
    }
    return indexArea.divide(BigInteger.valueOf(indexSeconds));
  }

  /** The volume-weighted fill price so far, or null without fills. */
  public BigInteger averageFillPrice() {
    return filledSize.signum() == 0 ? null : filledValue.divide(filledSize);
  }

  /** The rate the interval has earned so far (wad, toward zero, within ± cap). */
  public BigInteger rate(long now, BigInteger cap) {
    return rate(filledSize, filledValue, averageIndex(now), cap);
  }

  /**
   * The rate of fills of {@code filledSize} (Σ |size|, wad) worth {@code filledValue} (Σ |size| ·
   * price, wad²) against the average index {@code twap} (wad; null when none was seen): the sums of
   * several meters' fills give the rate of all of them (a ledger's partitions each meter their own
   * fills).
   */
  public static BigInteger rate(
      BigInteger filledSize, BigInteger filledValue, BigInteger twap, BigInteger cap) {
    if (filledSize.signum() == 0 || twap == null || twap.signum() <= 0) {
      return BigInteger.ZERO;
    }
    BigInteger base = twap.multiply(filledSize);
    BigInteger premium = filledValue.subtract(base).multiply(Wad.ONE).divide(base);
    return premium.max(cap.negate()).min(cap);
  }
}
