package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one step of a partition's owner changed, written whole or not at all: the accounts, the
 * offset reached, the legs applied here, and the outbox entries added and removed. The store writes
 * it only while the writer's epoch is the partition's (fencing), and only over the state it follows
 * ({@code follows}: the offset the partition had committed before it), so a store that lost
 * acknowledged writes is found out rather than written over. An entry is never both added and
 * removed by one commit.
 */
public record PartitionCommit(
    int partition,
    long follows,
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

  /**
   * This commit followed by {@code later}, as one: written over a state, it leaves what writing the
   * two in turn would. An owner commits a batch of commands so, in one script.
   */
  public PartitionCommit then(PartitionCommit later) {
    if (later.partition != partition) {
      throw new IllegalArgumentException(
          "commits of partitions " + partition + " and " + later.partition);
    }
    Map<Address, Account> nextAccounts = new HashMap<>(accounts);
    nextAccounts.putAll(later.accounts);
    Set<String> nextApplied = new HashSet<>(appliedLegs);
    nextApplied.addAll(later.appliedLegs);
    Map<String, OutboundLeg> added = new HashMap<>(outboxAdded);
    later.outboxRemoved.forEach(added::remove);
    added.putAll(later.outboxAdded);
    Set<String> removed = new HashSet<>(outboxRemoved);
    removed.removeAll(later.outboxAdded.keySet());
    removed.addAll(later.outboxRemoved);
    return new PartitionCommit(
        partition,
        follows,
        Math.max(offset, later.offset),
        nextAccounts,
        nextApplied,
        added,
        removed);
  }
}
