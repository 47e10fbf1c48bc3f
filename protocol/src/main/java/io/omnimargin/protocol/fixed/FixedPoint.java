package io.omnimargin.protocol.fixed;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Conversions between on-chain fixed-point integers and exact decimal strings. Wire amounts with 18
 * decimals ({@link #WAD}) are the norm; token amounts use the token's own decimals.
 */
public final class FixedPoint {
  /** Decimals of prices, sizes and ratios on the wire. */
  public static final int WAD_DECIMALS = 18;

  /** 10^18. */
  public static final BigInteger WAD = BigInteger.TEN.pow(WAD_DECIMALS);

  /** ASCII digits only, spelled out: {@code \d} would take other scripts' digits under a flag. */
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]{1,78}(\\.[0-9]{1,78})?");

  private FixedPoint() {}

  /** {@code raw / 10^decimals} as an exact plain decimal string without trailing zeros. */
  public static String format(BigInteger raw, int decimals) {
    BigDecimal value = new BigDecimal(raw, decimals).stripTrailingZeros();
    return value.signum() == 0 ? "0" : value.toPlainString();
  }

  /**
   * Parses a plain decimal string exactly into {@code raw = value · 10^decimals}.
   *
   * @throws IllegalArgumentException if it is not a plain decimal or has more than {@code decimals}
   *     fractional digits (silent rounding of money is refused)
   */
  public static BigInteger parse(String decimal, int decimals) {
    if (decimal == null || !PLAIN_DECIMAL.matcher(decimal).matches()) {
      throw new IllegalArgumentException("not a plain decimal number: " + decimal);
    }
    BigDecimal value = new BigDecimal(decimal);
    if (value.stripTrailingZeros().scale() > decimals) {
      throw new IllegalArgumentException("more than " + decimals + " decimal places: " + decimal);
    }
    return value.movePointRight(decimals).toBigIntegerExact();
  }
}
