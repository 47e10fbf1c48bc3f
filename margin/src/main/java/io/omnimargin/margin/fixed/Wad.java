package io.omnimargin.margin.fixed;

import io.omnimargin.protocol.fixed.FixedPoint;
import java.math.BigInteger;

/**
 * Fixed-point arithmetic with 18 decimals ("wad") on {@link BigInteger}: USD values, prices and
 * ratios. Every operation states its rounding, so callers can round toward safety: collateral and
 * PnL down, requirements up.
 */
public final class Wad {
  public static final BigInteger ONE = FixedPoint.WAD;
  public static final BigInteger ZERO = BigInteger.ZERO;

  private Wad() {}

  /** Parses a plain decimal ({@code "0.05"}) exactly; more than 18 decimals is refused. */
  public static BigInteger of(String decimal) {
    return FixedPoint.parse(decimal, FixedPoint.WAD_DECIMALS);
  }

  public static String format(BigInteger wad) {
    return FixedPoint.format(wad, FixedPoint.WAD_DECIMALS);
  }

  /** {@code a·b}, rounded toward negative infinity. */
  public static BigInteger mulDown(BigInteger a, BigInteger b) {
    return mul(a, b, false);
  }

  /** {@code a·b}, rounded toward positive infinity. */
  public static BigInteger mulUp(BigInteger a, BigInteger b) {
    return mul(a, b, true);
  }

  // Valuation is mostly products of numbers that fit in a long: WadLong does those without a
  // BigInteger division (which allocates a MutableBigInteger per call); the answer is the same.
  private static BigInteger mul(BigInteger a, BigInteger b, boolean up) {
    if (a.bitLength() < 64 && b.bitLength() < 64) {
      long fast = WadLong.mul(a.longValue(), b.longValue(), up);
      if (fast != WadLong.NONE) {
        return BigInteger.valueOf(fast);
      }
    }
    BigInteger product = a.multiply(b);
    return up ? ceilDiv(product, ONE) : floorDiv(product, ONE);
  }

  /** {@code a/b} (b > 0), rounded toward negative infinity. */
  public static BigInteger divDown(BigInteger a, BigInteger b) {
    return floorDiv(a.multiply(ONE), b);
  }

  /** {@code a/b} (b > 0), rounded toward positive infinity. */
  public static BigInteger divUp(BigInteger a, BigInteger b) {
    return ceilDiv(a.multiply(ONE), b);
  }

  /** Floor division for a positive divisor. */
  public static BigInteger floorDiv(BigInteger a, BigInteger b) {
    if (a.bitLength() < 64 && b.bitLength() < 64) {
      return BigInteger.valueOf(Math.floorDiv(a.longValue(), b.longValue()));
    }
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  /** Ceiling division for a positive divisor. */
  public static BigInteger ceilDiv(BigInteger a, BigInteger b) {
    if (a.bitLength() < 64 && b.bitLength() < 64 && a.longValue() != Long.MIN_VALUE) {
      return BigInteger.valueOf(-Math.floorDiv(-a.longValue(), b.longValue()));
    }
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
  }

  public static BigInteger max(BigInteger a, BigInteger b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public static BigInteger clampAtZero(BigInteger a) {
    return a.signum() < 0 ? BigInteger.ZERO : a;
  }
}
