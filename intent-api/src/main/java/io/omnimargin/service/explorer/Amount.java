package io.omnimargin.service.explorer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * A number as a person reads it ({@code human}: grouped, rounded) beside the exact decimal the API
 * gives ({@code exact}; not {@code raw}, which Qute keeps for unescaped output), which the pages
 * show on hover and in the {@code value} of a {@code <data>} element so that nothing is lost by the
 * rounding.
 */
public record Amount(String exact, String human) {
  private static final Amount NONE = new Amount("", "—");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** US dollars, to the cent. */
  public static Amount usd(String raw) {
    return raw == null ? NONE : new Amount(raw, grouped(new BigDecimal(raw), 2, 2));
  }

  /** A token amount or a size: up to six decimals, trailing zeros dropped. */
  public static Amount quantity(String raw) {
    return raw == null ? NONE : new Amount(raw, grouped(new BigDecimal(raw), 0, 6));
  }

  /** A price: to the cent from one dollar up, else up to six decimals. */
  public static Amount price(String raw) {
    if (raw == null) {
      return NONE;
    }
    BigDecimal value = new BigDecimal(raw);
    boolean small = value.abs().compareTo(BigDecimal.ONE) < 0 && value.signum() != 0;
    return new Amount(raw, grouped(value, small ? 0 : 2, small ? 6 : 2));
  }

  /** A fraction (0.05) as a percentage (5%), up to {@code decimals} places. */
  public static Amount percent(String raw, int decimals) {
    return raw == null
        ? NONE
        : new Amount(raw, grouped(new BigDecimal(raw).multiply(HUNDRED), 0, decimals) + "%");
  }

  /** A plain ratio such as gearing (2.5×), two decimals. */
  public static Amount times(String raw) {
    return raw == null ? NONE : new Amount(raw, grouped(new BigDecimal(raw), 0, 2) + "×");
  }

  /** US dollars given as an integer in wad base units (18 decimals), to the cent. */
  public static Amount wadUsd(String raw) {
    return raw == null
        ? NONE
        : new Amount(raw, grouped(new BigDecimal(raw).movePointLeft(18), 2, 2));
  }

  /** A size given as an integer in wad base units (18 decimals): up to six decimals. */
  public static Amount wadQuantity(String raw) {
    return raw == null
        ? NONE
        : new Amount(raw, grouped(new BigDecimal(raw).movePointLeft(18), 0, 6));
  }

  /** Whether there is a number at all. */
  public boolean present() {
    return !exact.isEmpty();
  }

  /** The sign of the number, for colouring gains and losses; 0 when absent. */
  public int signum() {
    return exact.isEmpty() ? 0 : new BigDecimal(exact).signum();
  }

  static String grouped(BigDecimal value, int minDecimals, int maxDecimals) {
    DecimalFormat format =
        new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    format.setMinimumFractionDigits(minDecimals);
    format.setMaximumFractionDigits(maxDecimals);
    format.setRoundingMode(RoundingMode.HALF_EVEN);
    String text = format.format(value);
    // a tiny negative number rounds to "-0.00": zero has no sign
    return text.startsWith("-") && text.matches("-[0.,]+") ? text.substring(1) : text;
  }
}
