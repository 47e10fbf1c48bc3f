package io.omnimargin.margin.fixed;

/**
 * The common case of {@link Wad}'s products without {@link java.math.BigInteger} division: both
 * factors fit in a long, so their product fits in 128 bits, and dividing it by 10^18 is two exact
 * divisions by 10^9 on 32-bit limbs. Every answer equals the BigInteger one; {@link #NONE} means
 * "work it out with BigInteger" (the result does not fit in a long).
 */
final class WadLong {
  /** Not a result: the caller falls back to BigInteger (also when the result is exactly this). */
  static final long NONE = Long.MIN_VALUE;

  private static final long BILLION = 1_000_000_000L;
  private static final long LOW_32 = 0xFFFF_FFFFL;

  private WadLong() {}

  /**
   * {@code x·y / 10^18} rounded down ({@code up} false) or up, for {@code |x|, |y| < 2^63}; {@link
   * #NONE} when it does not fit in a long.
   */
  static long mul(long x, long y, boolean up) {
    if (x == Long.MIN_VALUE || y == Long.MIN_VALUE) {
      return NONE;
    }
    boolean negative = (x < 0) != (y < 0);
    long ax = Math.abs(x);
    long ay = Math.abs(y);
    long hi = Math.multiplyHigh(ax, ay); // both non-negative: the unsigned high half, < 2^62
    long lo = ax * ay;
    // first division by 10^9: hi, then the two 32-bit halves of lo
    long q2 = hi / BILLION;
    long r = hi % BILLION;
    long t = (r << 32) | (lo >>> 32);
    long q1 = t / BILLION;
    r = t % BILLION;
    t = (r << 32) | (lo & LOW_32);
    long q0 = t / BILLION;
    long r1 = t % BILLION;
    long midHi = q2;
    long midLo = (q1 << 32) | q0; // q1, q0 < 2^32
    // second division by 10^9
    q2 = midHi / BILLION;
    r = midHi % BILLION;
    t = (r << 32) | (midLo >>> 32);
    q1 = t / BILLION;
    r = t % BILLION;
    t = (r << 32) | (midLo & LOW_32);
    q0 = t / BILLION;
    long r2 = t % BILLION;
    if (q2 != 0 || q1 >= (1L << 31)) {
      return NONE; // the magnitude needs 64 bits or more
    }
    long magnitude = (q1 << 32) | q0;
    boolean inexact = r1 != 0 || r2 != 0;
    // rounding away from zero: up for a positive result, down for a negative one
    boolean away = inexact && (up != negative);
    if (away) {
      if (magnitude == Long.MAX_VALUE) {
        return NONE;
      }
      magnitude++;
    }
    return negative ? -magnitude : magnitude;
  }
}
