package io.omnimargin.hub.auction;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The ledger as a partitioned one answers a new owner just after a take-over: a trade the former
 * owner produced to the log is applied only after the new owner first asks whether it is booked,
 * and once applied the partition refuses any re-pricing of its intent ({@code refused: filled},
 * read as {@link Decision.Reason#INTENT_CLOSED}), where one engine would hold it again. The trade
 * is booked on the engine by {@code land} when the new owner re-prices, as the log's order has it.
 */
final class LateLedger implements MarginBook {
  private final MarginEngine engine;
  private final Runnable land;
  private boolean landed;

  LateLedger(MarginEngine engine, Runnable land) {
    this.engine = engine;
    this.land = land;
  }

  @Override
  public Decision reprice(Address owner, OrderId intentId, ProposedChange change) {
    if (!landed) {
      landed = true;
      land.run(); // the trade was ahead of this re-price in the partition's log
    }
    if (engine.booked(owner, intentId)) {
      return new Decision(false, Decision.Reason.INTENT_CLOSED, null);
    }
    return engine.reprice(owner, intentId, change);
  }

  @Override
  public boolean booked(Address trader, OrderId intentId) {
    return landed && engine.booked(trader, intentId);
  }

  @Override
  public Decision reserve(Address owner, OrderId intentId, ProposedChange change) {
    return engine.reserve(owner, intentId, change);
  }

  @Override
  public void restoreReservation(Address owner, OrderId intentId, ProposedChange change) {
    engine.restoreReservation(owner, intentId, change);
  }

  @Override
  public void release(Address owner, OrderId intentId) {
    engine.release(owner, intentId);
  }

  @Override
  public void releaseUnstored(Address owner, OrderId intentId) {
    engine.releaseUnstored(owner, intentId);
  }

  @Override
  public Optional<ProposedChange> reservation(Address owner, OrderId intentId) {
    return engine.reservation(owner, intentId);
  }

  @Override
  public BigInteger cash(Address owner) {
    return engine.cash(owner);
  }

  @Override
  public BigInteger balance(Address owner, CollateralKey key) {
    return engine.balance(owner, key);
  }

  @Override
  public AccountSnapshot snapshot(Address owner) {
    return engine.snapshot(owner);
  }

  @Override
  public Decision whatIf(Address owner, ProposedChange change) {
    return engine.whatIf(owner, change);
  }

  @Override
  public Optional<BigInteger> indexPrice(String market) {
    return engine.indexPrice(market);
  }

  @Override
  public ClearingParameters clearing() {
    return engine.clearing();
  }
}
