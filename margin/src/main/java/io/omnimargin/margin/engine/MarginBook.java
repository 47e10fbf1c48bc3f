package io.omnimargin.margin.engine;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The margin ledger as the workflows hold and read it (intake, auctions, payouts, settlement's
 * desks): an intent's margin reserved and released, an account read. Changes to accounts go through
 * {@code MarginInputs}. One engine over the whole ledger is one such book ({@link MarginEngine}); a
 * ledger spread over partitions, each written by its owner, is to be another (docs/cluster.md).
 */
public interface MarginBook {

  /**
   * Checks the change against the account with every open reservation applied and, if accepted,
   * holds it under {@code intentId}.
   */
  Decision reserve(Address owner, OrderId intentId, ProposedChange change);

  /**
   * Moves the reservation held under {@code intentId} to {@code change} (an auction re-pricing it
   * at the winning bid): the held change is dropped and the new one checked in one step, so nothing
   * else is held for the intent meanwhile. A refused change leaves nothing held.
   */
  Decision reprice(Address owner, OrderId intentId, ProposedChange change);

  /** Puts back a reservation held before a restart, without checking it again. */
  void restoreReservation(Address owner, OrderId intentId, ProposedChange change);

  /** Releases a reservation, if held: the intent is over (cancelled, expired, rejected, filled). */
  void release(Address owner, OrderId intentId);

  /**
   * Releases a reservation made for an intent that was then not stored (the store failed, or it
   * refused the intent for now): a retry of the same intent may reserve again.
   */
  void releaseUnstored(Address owner, OrderId intentId);

  /** The change reserved for {@code intentId}, if it is still held. */
  Optional<ProposedChange> reservation(Address owner, OrderId intentId);

  /** An account's cash (wad USD; 0 for an unknown account). */
  BigInteger cash(Address owner);

  /** One collateral line of an account (0 for an unknown account). */
  BigInteger balance(Address owner, CollateralKey key);

  /** The account as it stands, valued now. */
  AccountSnapshot snapshot(Address owner);

  /** The check of a change, without reserving it. */
  Decision whatIf(Address owner, ProposedChange change);

  /**
   * Whether the trade filling {@code intentId}, whose taker is {@code trader}, is in the ledger.
   */
  boolean booked(Address trader, OrderId intentId);

  /** A market's index while fresh; empty when stale or missing. */
  Optional<BigInteger> indexPrice(String market);

  /** The clearing house's own accounts and terms. */
  ClearingParameters clearing();
}
