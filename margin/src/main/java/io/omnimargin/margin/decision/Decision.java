package io.omnimargin.margin.decision;

import io.omnimargin.margin.valuation.Totals;
import java.math.BigInteger;

/**
 * The answer to a pre-trade check: accepted or not, why, and the account as it would be after the
 * change ({@code AV_i}, {@code IMR} after it and the shortfall are what a refusal reports).
 */
public record Decision(boolean accepted, Reason reason, Totals after) {

  /** Why a change was accepted or refused. */
  public enum Reason {
    MEETS_INITIAL_MARGIN,
    REDUCES_RISK,
    INSUFFICIENT_MARGIN,
    STALE_PRICE,
    NOT_REDUCING,
    INSUFFICIENT_BALANCE,
    INSUFFICIENT_CASH,
    UNKNOWN_MARKET,
    NOT_COLLATERAL,
    /** The intent was filled, paid out or ended: nothing is held for it again. */
    INTENT_CLOSED,
    /**
     * The account's ledger did not answer in time (a partitioned ledger whose writer is changing):
     * nothing is held, and the request may be made again.
     */
    LEDGER_UNAVAILABLE
  }

  public BigInteger shortfall() {
    return after == null ? BigInteger.ZERO : after.initialShortfall();
  }
}
