package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.LedgerSummary;
import io.omnimargin.margin.engine.LedgerSummaries;
import io.omnimargin.protocol.types.Address;
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
    for (PartitionState p : partitions) {
      for (OutboundLeg out : p.outbox().values()) {
        PartitionState there = byPartition.get(out.partition());
        if (there == null || !there.appliedLegs().containsKey(out.leg().key())) {
          Address owner = out.leg().account();
          accounts.put(
              owner, out.leg().applyTo(accounts.getOrDefault(owner, Account.empty(owner))));
        }
      }
    }
    return LedgerSummaries.of(new ArrayList<>(accounts.values()), shards::isSystem);
  }
}
