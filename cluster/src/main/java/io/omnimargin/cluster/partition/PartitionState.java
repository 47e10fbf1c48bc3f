package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a ledger partition holds, as committed: its accounts, the offset of the last command applied
 * (-1 before the first), the keys of the legs relayed to it that it applied, and its outbox of legs
 * for other partitions not yet applied there.
 */
public record PartitionState(
    int partition,
    long offset,
    Map<Address, Account> accounts,
    Set<String> appliedLegs,
    Map<String, OutboundLeg> outbox) {

  public PartitionState {
    accounts = Map.copyOf(accounts);
    appliedLegs = Set.copyOf(appliedLegs);
    outbox = Map.copyOf(outbox);
  }

  public static PartitionState empty(int partition) {
    return new PartitionState(partition, -1, Map.of(), Set.of(), Map.of());
  }

  public Account account(Address owner) {
    return accounts.getOrDefault(owner, Account.empty(owner));
  }

  /** This state with a commit written over it, as the store writes it: all of it at once. */
  public PartitionState with(PartitionCommit commit) {
    if (commit.partition() != partition) {
      throw new IllegalArgumentException(
          "a commit of partition " + commit.partition() + " on partition " + partition);
    }
    Map<Address, Account> nextAccounts = new HashMap<>(accounts);
    nextAccounts.putAll(commit.accounts());
    Set<String> nextApplied = new HashSet<>(appliedLegs);
    nextApplied.addAll(commit.appliedLegs());
    Map<String, OutboundLeg> nextOutbox = new HashMap<>(outbox);
    nextOutbox.putAll(commit.outboxAdded());
    commit.outboxRemoved().forEach(nextOutbox::remove);
    return new PartitionState(
        partition, Math.max(offset, commit.offset()), nextAccounts, nextApplied, nextOutbox);
  }
}
