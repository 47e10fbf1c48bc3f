package io.omnimargin.margin.engine;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** What the engine tells the world, each with the numbers that caused it (wad USD). */
public sealed interface MarginEvent {
  Address owner();

  long at();

  /** Entered the call band: {@code AV_m < MMR·(1 + callBand)}. */
  record MarginCall(Address owner, long at, BigInteger avMaintenance, BigInteger mmr, String cause)
      implements MarginEvent {}

  /**
   * Still in the call band after the grace period: a step of the largest-risk position was taken
   * over by the insurance fund at the mark.
   */
  record Deleverage(
      Address owner,
      long at,
      String market,
      BigInteger reducedBy,
      BigInteger price,
      BigInteger avMaintenance,
      BigInteger mmr,
      String cause)
      implements MarginEvent {}

  /**
   * {@code AV_m < MMR} at fresh marks: the account's live intents are cancelled and reservations
   * freed, and its positions are offered (liquidation {@code id}) at their marks, each with the
   * bankruptcy price no taker may be worse than.
   */
  record LiquidationStarted(
      Address owner,
      long at,
      long id,
      List<Offer> offers,
      BigInteger avMaintenance,
      BigInteger mmr,
      String cause)
      implements MarginEvent {}

  /** One position offered in a liquidation: its size, mark and bankruptcy price (wad). */
  record Offer(String market, BigInteger size, BigInteger mark, BigInteger bankruptcyPrice) {}

  /**
   * The account is liquidatable but a mark it would trade at is stale or missing: nothing is
   * liquidated, taken over, deleveraged or seized until a fresh price arrives.
   */
  record LiquidationBlocked(Address owner, long at, String reason, String cause)
      implements MarginEvent {}

  /**
   * A liquidation completed: {@code taker} (a solver or the insurance fund) took the positions at
   * {@code prices}; the insurance fund got {@code penalty}; a bankrupt account's {@code deficit}
   * was paid by the insurance fund or, past its floor, covered by {@code deleveraged} steps against
   * the most profitable opposite positions at the bankruptcy price.
   */
  record Liquidation(
      Address owner,
      long at,
      long id,
      BigInteger avMaintenance,
      BigInteger mmr,
      Address taker,
      Map<String, BigInteger> prices,
      BigInteger penalty,
      BigInteger deficit,
      List<AdlStep> deleveraged,
      String cause)
      implements MarginEvent {}

  /** One auto-deleverage step: {@code counterparty}'s position reduced by {@code size}. */
  record AdlStep(String market, Address counterparty, BigInteger size, BigInteger price) {}

  /**
   * The account was valued after a change of its own (collateral, fill, reservation-free
   * re-evaluation) or while not healthy. Healthy accounts re-valued by a price tick are not
   * republished: a tick would otherwise emit one event per exposed account.
   */
  record Valued(
      Address owner,
      long at,
      BigInteger avMaintenance,
      BigInteger avInitial,
      BigInteger mmr,
      BigInteger imr,
      io.omnimargin.margin.valuation.Health health,
      String cause)
      implements MarginEvent {}

  /** Back above the call band. */
  record Recovered(Address owner, long at, BigInteger avMaintenance, BigInteger mmr, String cause)
      implements MarginEvent {}
}
