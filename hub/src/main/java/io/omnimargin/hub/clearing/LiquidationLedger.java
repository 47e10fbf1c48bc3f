package io.omnimargin.hub.clearing;

import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.protocol.types.Address;
import java.util.Optional;

/**
 * Where the liquidation desk completes the liquidations an engine started and left to it: that
 * engine itself in one process, or, on a partitioned ledger, the owner of the account's partition
 * through its log.
 */
public interface LiquidationLedger {

  /** How a completion went. */
  enum Completion {
    /** Taken over (by the bid, or the insurance fund or auto-deleverage without one). */
    COMPLETED,
    /** Still open: a mark it would trade at is stale; try again later. */
    WAITING,
    /**
     * No such open liquidation: completed otherwise, dropped because its positions changed, or its
     * engine is gone.
     */
    GONE
  }

  /**
   * Completes liquidation {@code id} of {@code account} with {@code bid}, or with none.
   *
   * @throws RuntimeException when the ledger did not answer (the desk tries again)
   */
  Completion complete(Address account, long id, Optional<Takeover> bid);

  /**
   * Whether a takeover's booking consumes the margin held for it ({@link Takeover#hold}): on a
   * partitioned ledger the winner's leg does, where it lands, so the desk must not drop the hold
   * before; one engine books the trade and leaves the hold for the desk to drop.
   */
  default boolean holdsConsumed() {
    return false;
  }

  /** The liquidations the engine itself holds. */
  static LiquidationLedger of(MarginEngine engine) {
    return (account, id, bid) -> {
      if (engine.completeLiquidation(account, id, bid)) {
        return Completion.COMPLETED;
      }
      return engine.liquidationOpen(account, id) ? Completion.WAITING : Completion.GONE;
    };
  }
}
