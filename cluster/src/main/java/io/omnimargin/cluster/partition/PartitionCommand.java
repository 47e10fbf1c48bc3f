package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;

/**
 * A record of a ledger partition's log: what its owner applies, in offset order, each on the
 * partition of the account it changes (a trade on its taker's), or on every partition (funding).
 */
public sealed interface PartitionCommand {

  /** The partition whose log carries the command. */
  int partition(LedgerPartitioner partitioner);

  /** A command about one account, carried by that account's partition. */
  sealed interface AccountCommand extends PartitionCommand {
    Address account();

    @Override
    default int partition(LedgerPartitioner partitioner) {
      return partitioner.of(account());
    }
  }

  /**
   * A trade, on the taker's partition: the first step, which books what is local. Its id is the id
   * of the intent it fills (hex) when it fills one: booking a side consumes that side's
   * reservation.
   */
  record BookTrade(String tradeId, Trade trade) implements AccountCommand {
    @Override
    public Address account() {
      return trade.taker();
    }
  }

  /**
   * The second step: a leg relayed from another partition's outbox, applied once by its key, with
   * its source's funding stamp ({@link OutboundLeg#stamp}).
   */
  record ApplyLeg(TradeLeg leg, long stamp, boolean capped) implements AccountCommand {
    /** A trade's leg, booked whole. */
    public ApplyLeg(TradeLeg leg, long stamp) {
      this(leg, stamp, false);
    }

    /** A leg whose funding stamp is not known: no funding correction is made for it. */
    public ApplyLeg(TradeLeg leg) {
      this(leg, OutboundLeg.NO_STAMP);
    }

    /** The command that relays an outbox entry. */
    public static ApplyLeg of(OutboundLeg out) {
      return new ApplyLeg(out.leg(), out.stamp(), out.capped());
    }

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
  record Reserve(Reservation reservation) implements AccountCommand {
    @Override
    public Address account() {
      return reservation.account();
    }
  }

  /**
   * Completes liquidation {@code liquidation} of the account, which its partition's engine started
   * and left to a desk: {@code takeover} (a solver's winning bid, its margin held on its own
   * partition under {@link io.omnimargin.margin.clearing.Takeover#hold}) takes the positions, its
   * legs sent to the solver's partition; with none, the insurance fund's shard or auto-deleverage
   * on this partition does. Answered {@code completed}, also when asked again for the same taker
   * (or none); {@code refused: stale-price} while a mark is stale (the liquidation stays open);
   * {@code refused: not-open} for a liquidation this owner does not hold open (completed otherwise,
   * or started by a former owner).
   */
  record CompleteLiquidation(
      Address account,
      long liquidation,
      java.util.Optional<io.omnimargin.margin.clearing.Takeover> takeover)
      implements AccountCommand {}

  /**
   * Moves an intent's reservation to another change (an auction re-pricing the trader's order at
   * the winning bid): the held change is dropped and the new one checked in the same step. Answered
   * as {@link Reserve} is; held already with this very change, it is accepted again. A refused
   * re-price holds nothing and is terminal, as the intent is then rejected: a reserve of it that
   * comes later is refused.
   */
  record Reprice(Reservation reservation) implements AccountCommand {
    @Override
    public Address account() {
      return reservation.account();
    }
  }

  /**
   * Drops an intent's reservation on the account, if held (and, when {@code request} is not null,
   * still owned by that request). A {@code terminal} release (the intent is cancelled, expired or
   * rejected) also refuses any reserve of the intent that comes later (a late retry); one that is
   * not (the auction re-prices the reservation) lets it be reserved again.
   */
  record Release(Address account, OrderId intent, boolean terminal, String request)
      implements AccountCommand {
    public Release {
      if (request != null && terminal) {
        throw new IllegalArgumentException("a release on behalf of a request is not terminal");
      }
    }

    /** A release of whatever is held for the intent. */
    public Release(Address account, OrderId intent, boolean terminal) {
      this(account, intent, terminal, null);
    }

    /** The intent is over (cancelled, expired, rejected): a reserve that comes later is refused. */
    public Release(Address account, OrderId intent) {
      this(account, intent, true);
    }

    /**
     * Gives back what a reserve whose answer never came may have held: the reservation is dropped
     * only while {@code request} still owns it, not once a later request (a retry of the same
     * intent) was answered {@code accepted} for it.
     */
    public static Release ofUnanswered(Address account, OrderId intent, String request) {
      return new Release(account, intent, false, request);
    }
  }

  /**
   * Sets one collateral line to a balance proven on its chain. Applied once per {@code requestId}:
   * a retry that comes after another change of the line (a fronted credit) must not set it back.
   */
  record ProvenBalance(Address account, CollateralKey key, BigInteger balance, String requestId)
      implements AccountCommand {
    public ProvenBalance {
      if (balance.signum() < 0) {
        throw new IllegalArgumentException("a proven balance is never negative: " + balance);
      }
    }

    /** A proof of its own, under a request id of its own. */
    public ProvenBalance(Address account, CollateralKey key, BigInteger balance) {
      this(account, key, balance, java.util.UUID.randomUUID().toString());
    }
  }

  /**
   * Credits (positive) or debits (negative) a collateral line by {@code delta} base units: a
   * provisional credit fronted before its proof, or its reversal. Applied once per {@code
   * requestId}; answered {@code adjusted}, or {@code refused: insufficient-balance} for a debit
   * beyond the line.
   */
  record AdjustCollateral(Address account, CollateralKey key, BigInteger delta, String requestId)
      implements AccountCommand {}

  /**
   * Moves {@code usd} (wad, either sign: positive to the account) between the account and a system
   * account's shard on the account's partition: a seizure's compensation from the insurance fund, a
   * refused payout's cash back from the settlement pool. Applied once per {@code requestId};
   * answered {@code moved}.
   */
  record MoveCash(Address account, SystemShards.Role system, BigInteger usd, String requestId)
      implements AccountCommand {
    public MoveCash {
      if (usd.signum() == 0) {
        throw new IllegalArgumentException("a cash move moves something");
      }
    }
  }

  /**
   * Pays out the cash an intent reserved ({@link
   * io.omnimargin.margin.decision.ProposedChange.CashPayout}): its USD leave the account's cash for
   * the settlement pool's shard of the partition, and the reservation is consumed. Answered {@code
   * paid} (again if asked again: once paid, never twice), or {@code refused: not-reserved} when no
   * such reservation is held.
   */
  record Payout(Address account, OrderId intent) implements AccountCommand {}

  /**
   * Ends one funding interval of a market on one partition: the fills the partition booked before
   * this record count in that interval, those after it in the next. Produced to every partition by
   * the funding clock; a close produced again changes nothing.
   *
   * @param intervalEnd when the interval ended (epoch seconds)
   */
  record CloseFunding(int partition, String market, long intervalEnd) implements PartitionCommand {
    @Override
    public int partition(LedgerPartitioner partitioner) {
      return partition;
    }
  }

  /**
   * Settles one funding interval of a market on one partition, at the rate and index decided for
   * the whole ledger: every position there pays or receives, and the partition's fee pool shard
   * books the difference. Produced to every partition; applied once per partition and interval.
   *
   * @param intervalEnd when the interval ended (epoch seconds): the settlement's identity
   */
  record SettleFunding(
      int partition, String market, long intervalEnd, BigInteger index, BigInteger rate)
      implements PartitionCommand {
    @Override
    public int partition(LedgerPartitioner partitioner) {
      return partition;
    }
  }
}
