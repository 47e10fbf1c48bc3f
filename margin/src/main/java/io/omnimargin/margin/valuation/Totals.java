package io.omnimargin.margin.valuation;

import java.math.BigInteger;

/** The four numbers a margin decision needs (wad USD), without the lines behind them. */
public record Totals(
    BigInteger avMaintenance, BigInteger avInitial, BigInteger mmr, BigInteger imr) {

  /** {@code IMR − AV_i} when positive. */
  public BigInteger initialShortfall() {
    BigInteger gap = imr.subtract(avInitial);
    return gap.signum() > 0 ? gap : BigInteger.ZERO;
  }

  public boolean meetsInitial() {
    return avInitial.compareTo(imr) >= 0;
  }
}
