package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.LedgerSummary;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.engine.LedgerSummaries;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole ledger from its partitions, read at one instant: every partition's accounts, with each
 * leg still in an outbox and not yet applied on its partition counted as if it were. A trade is
 * then whole at every instant, half booked or not, and the clearing invariants hold. Every shard of
 * a system account is listed as a system account.
 */
public final class PartitionedLedgerView {
  private PartitionedLedgerView() {}

  public static LedgerSummary summary(Collection<PartitionState> partitions, SystemShards shards) {
    Map<Address, Account> accounts = new HashMap<>();
    Map<Integer, PartitionState> byPartition = new HashMap<>();
    for (PartitionState p : partitions) {
      accounts.putAll(p.accounts());
      byPartition.put(p.partition(), p);
    }
    java.util.List<OutboundLeg> inFlight = new ArrayList<>();
    for (PartitionState p : partitions) {
      for (OutboundLeg out : p.outbox().values()) {
        PartitionState there = byPartition.get(out.partition());
        if (there == null || !there.appliedLegs().containsKey(out.leg().key())) {
          inFlight.add(out);
        }
      }
    }
    return withInFlight(accounts, inFlight, shards);
  }

  /**
   * The same, from what {@link PartitionStore#ledger} read: the accounts and the legs in flight.
   */
  public static LedgerSummary summary(PartitionStore.StoredLedger stored, SystemShards shards) {
    Map<Address, Account> accounts = new HashMap<>();
    for (Account a : stored.accounts()) {
      accounts.put(a.owner(), a);
    }
    return withInFlight(accounts, stored.inFlight(), shards);
  }

  /**
   * The accounts with the legs in flight applied as if they had landed, in the order of their keys:
   * two legs of one account that cross its position split its cash and cost basis by the order they
   * land in, which no reader knows, so any one order is as true; a fixed one makes the summary the
   * same however the store listed them (the sums it checks do not depend on it).
   */
  private static LedgerSummary withInFlight(
      Map<Address, Account> accounts, Collection<OutboundLeg> inFlight, SystemShards shards) {
    java.util.List<OutboundLeg> ordered = new ArrayList<>(inFlight);
    ordered.sort(java.util.Comparator.comparing(out -> out.leg().key()));
    for (OutboundLeg out : ordered) {
      java.util.List<TradeLeg> legs = java.util.List.of(out.leg());
      if (out.capped()) { // as it will land: capped by what the account holds now
        Address owner = out.leg().account();
        BigInteger held =
            accounts.getOrDefault(owner, Account.empty(owner)).position(out.leg().market()).size();
        legs = CappedLegs.split(out.leg(), held, shards.insuranceFund(out.partition()));
      }
      for (TradeLeg leg : legs) {
        Address owner = leg.account();
        accounts.put(owner, leg.applyTo(accounts.getOrDefault(owner, Account.empty(owner))));
      }
    }
    return ofAccounts(accounts, shards);
  }

  /** The summary of the accounts, listed by address: the same however they were read. */
  private static LedgerSummary ofAccounts(Map<Address, Account> accounts, SystemShards shards) {
    java.util.List<Account> sorted = new ArrayList<>(accounts.values());
    sorted.sort(java.util.Comparator.comparing(a -> a.owner().toLowerHex()));
    return LedgerSummaries.of(sorted, shards::isSystem);
  }
}
