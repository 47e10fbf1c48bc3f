package io.omnimargin.margin.valuation;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * An account valued per the spec: {@code AV_m}, {@code AV_i}, {@code MMR}, {@code IMR} (wad USD),
 * gearing ({@code Σ notional / AV_m}, absent when {@code AV_m ≤ 0}) and the lines behind them.
 * {@code health} is CALL at worst here; DELEVERAGING is the engine's decision over time.
 */
public record AccountValue(
    List<CollateralLine> collateral,
    List<PositionLine> positions,
    BigInteger cash,
    BigInteger avMaintenance,
    BigInteger avInitial,
    BigInteger mmr,
    BigInteger imr,
    Optional<BigInteger> gearing,
    Health health,
    boolean backstop) {

  public Totals totals() {
    return new Totals(avMaintenance, avInitial, mmr, imr);
  }
}
