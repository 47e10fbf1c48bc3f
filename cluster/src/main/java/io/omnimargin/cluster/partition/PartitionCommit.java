package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.util.Map;
import java.util.Set;

/**
 * What one step of a partition's owner changed, written whole or not at all: the accounts, the
 * offset reached, the legs applied here, and the outbox entries added and removed. The store writes
 * it only while the writer's epoch is the partition's (fencing).
 */
public record PartitionCommit(
    int partition,
    long offset,
    Map<Address, Account> accounts,
    Set<String> appliedLegs,
    Map<String, OutboundLeg> outboxAdded,
    Set<String> outboxRemoved) {

  public PartitionCommit {
    accounts = Map.copyOf(accounts);
    appliedLegs = Set.copyOf(appliedLegs);
    outboxAdded = Map.copyOf(outboxAdded);
    outboxRemoved = Set.copyOf(outboxRemoved);
  }
}
