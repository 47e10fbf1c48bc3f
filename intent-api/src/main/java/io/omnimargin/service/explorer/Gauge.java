package io.omnimargin.service.explorer;

import java.math.BigDecimal;

/**
 * The health gauge: {@code AV_m} on a scale with the liquidation line at {@code MMR} and the
 * margin-call line at {@code MMR·(1 + callBand)}, drawn by an HTML {@code <meter>} (readable
 * without JavaScript and by screen readers). Values are plain decimals, as the element takes them.
 */
public record Gauge(String value, String liquidation, String call, String max, String state) {

  static Gauge of(String avMaintenance, String mmr, String callBand) {
    BigDecimal av = new BigDecimal(avMaintenance);
    BigDecimal liquidation = new BigDecimal(mmr);
    BigDecimal call = liquidation.multiply(BigDecimal.ONE.add(new BigDecimal(callBand)));
    // twice the call line keeps both lines in view; an account far above it fills the gauge
    BigDecimal max = call.multiply(BigDecimal.valueOf(2)).max(av).max(BigDecimal.ONE);
    String state =
        liquidation.signum() == 0
            ? "no positions: nothing to liquidate"
            : av.compareTo(liquidation) < 0
                ? "below the liquidation line"
                : av.compareTo(call) < 0 ? "in the margin-call band" : "above the margin-call line";
    return new Gauge(
        av.max(BigDecimal.ZERO).toPlainString(),
        liquidation.toPlainString(),
        call.toPlainString(),
        max.toPlainString(),
        state);
  }

  /** The call line, formatted for the legend. */
  public Amount callLine() {
    return Amount.usd(call);
  }

  /** The liquidation line, formatted for the legend. */
  public Amount liquidationLine() {
    return Amount.usd(liquidation);
  }
}
