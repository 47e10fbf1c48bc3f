package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.clearing.TradeLeg;

/** A record of a ledger partition's log: what its owner applies, in offset order. */
public sealed interface PartitionCommand {

  /** A trade, on the taker's partition: the first step, which books what is local. */
  record BookTrade(String tradeId, Trade trade) implements PartitionCommand {}

  /** The second step: a leg relayed from another partition's outbox, applied once by its key. */
  record ApplyLeg(TradeLeg leg) implements PartitionCommand {}
}
