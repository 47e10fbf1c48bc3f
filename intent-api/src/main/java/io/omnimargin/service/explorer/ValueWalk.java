package io.omnimargin.service.explorer;

import io.omnimargin.service.margin.AccountView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * How one chain's collateral comes to count: its market value ({@code amount · price}), less the
 * haircut ({@code h}), less the bridge discount ({@code 1 − m}), is its part of {@code AV_m}; less
 * the buffer ({@code b_eff}, and everything while a price is stale) it is its part of {@code AV_i}.
 * The two counted values are the engine's own; the steps between are their differences, so the walk
 * adds up to them exactly whatever the rounding.
 */
public record ValueWalk(
    BigDecimal marketValue,
    BigDecimal haircut,
    BigDecimal bridge,
    BigDecimal maintenance,
    BigDecimal buffer,
    BigDecimal initial) {

  static ValueWalk of(List<AccountView.Collateral> lines) {
    BigDecimal market = BigDecimal.ZERO;
    BigDecimal afterHaircut = BigDecimal.ZERO;
    BigDecimal maintenance = BigDecimal.ZERO;
    BigDecimal initial = BigDecimal.ZERO;
    for (AccountView.Collateral line : lines) {
      BigDecimal value = new BigDecimal(line.amount()).multiply(new BigDecimal(line.price()));
      market = market.add(value);
      afterHaircut =
          afterHaircut.add(value.multiply(BigDecimal.ONE.subtract(new BigDecimal(line.haircut()))));
      maintenance = maintenance.add(new BigDecimal(line.valueMaintenance()));
      initial = initial.add(new BigDecimal(line.valueInitial()));
    }
    return new ValueWalk(
        market,
        market.subtract(afterHaircut),
        afterHaircut.subtract(maintenance),
        maintenance,
        maintenance.subtract(initial),
        initial);
  }

  /**
   * The chart's data as JSON: step names and values in USD to the cent, losses negative. Read by
   * explorer.js from a {@code data-walk} attribute (no inline script under the page's CSP).
   */
  public String json() {
    return "{\"steps\":["
        + step("Market value", marketValue, "total")
        + ","
        + step("Haircut h", haircut.negate(), "loss")
        + ","
        + step("Bridge discount 1−m", bridge.negate(), "loss")
        + ","
        + step("Counts in AV_m", maintenance, "total")
        + ","
        + step("Buffer b_eff", buffer.negate(), "loss")
        + ","
        + step("Counts in AV_i", initial, "total")
        + "]}";
  }

  /** The walk in words, for readers without JavaScript and for screen readers. */
  public String summary() {
    return "Market value "
        + usd(marketValue)
        + " USD, less haircut "
        + usd(haircut)
        + ", less bridge discount "
        + usd(bridge)
        + ": "
        + usd(maintenance)
        + " counts in AV_m; less buffer "
        + usd(buffer)
        + ": "
        + usd(initial)
        + " counts in AV_i.";
  }

  private static String step(String name, BigDecimal value, String kind) {
    return "{\"name\":\""
        + name
        + "\",\"value\":"
        + value.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
        + ",\"kind\":\""
        + kind
        + "\"}";
  }

  private static String usd(BigDecimal value) {
    return Amount.grouped(value, 2, 2);
  }
}
