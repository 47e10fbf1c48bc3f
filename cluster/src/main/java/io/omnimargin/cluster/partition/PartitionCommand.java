package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;

/**
 * A record of a ledger partition's log: what its owner applies, in offset order, each on the
 * partition of the account it changes (a trade on its taker's).
 */
public sealed interface PartitionCommand {

  /** The account whose partition the command is produced to. */
  Address account();

  /**
   * A trade, on the taker's partition: the first step, which books what is local. Its id is the id
   * of the intent it fills (hex) when it fills one: booking a side consumes that side's
   * reservation.
   */
  record BookTrade(String tradeId, Trade trade) implements PartitionCommand {
    @Override
    public Address account() {
      return trade.taker();
    }
  }

  /** The second step: a leg relayed from another partition's outbox, applied once by its key. */
  record ApplyLeg(TradeLeg leg) implements PartitionCommand {
    @Override
    public Address account() {
      return leg.account();
    }
  }

  /**
   * Holds an intent's margin on the account if the account, with every reservation it holds,
   * carries the change: answered {@code accepted} or {@code refused: <reason>}. Held already, it is
   * accepted again without a second check (a retried request).
   */
  record Reserve(Reservation reservation) implements PartitionCommand {
    @Override
    public Address account() {
      return reservation.account();
    }
  }

  /** Drops an intent's reservation on the account (cancelled, expired, rejected), if held. */
  record Release(Address account, OrderId intent) implements PartitionCommand {}

  /** Sets one collateral line to a balance proven on its chain (absolute: idempotent). */
  record ProvenBalance(Address account, CollateralKey key, BigInteger balance)
      implements PartitionCommand {
    public ProvenBalance {
      if (balance.signum() < 0) {
        throw new IllegalArgumentException("a proven balance is never negative: " + balance);
      }
    }
  }
}
