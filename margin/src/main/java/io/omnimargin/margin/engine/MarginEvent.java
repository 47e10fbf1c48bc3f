package io.omnimargin.margin.engine;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;

/** What the engine tells the world, each with the numbers that caused it (wad USD). */
public sealed interface MarginEvent {
  Address owner();

  long at();

  /** Entered the call band: {@code AV_m < MMR·(1 + callBand)}. */
  record MarginCall(Address owner, long at, BigInteger avMaintenance, BigInteger mmr, String cause)
      implements MarginEvent {}

  /** Still in the call band after the grace period: the largest-risk position was reduced. */
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
   * {@code AV_m < MMR}: every position closed at the mark; {@code backstop} when {@code AV_m <
   * ⅔·MMR}, where the backstop takes the positions instead of the market.
   */
  record Liquidation(
      Address owner,
      long at,
      BigInteger avMaintenance,
      BigInteger mmr,
      boolean backstop,
      List<String> markets,
      String cause)
      implements MarginEvent {}

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
