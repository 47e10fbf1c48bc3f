package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one step of a partition's owner changed, written whole or not at all: the accounts, the
 * offset reached, the legs applied here, the outbox entries added and removed, the reservations
 * held and dropped, and the funding book's fields set (an empty value removes the field); and the
 * keys applied before {@code pruneBefore} (epoch seconds, 0 for none) are forgotten. The store
 * writes it only while the writer's epoch is the partition's (fencing), and only over the state it
 * follows ({@code follows}: the offset the partition had committed before it), so a store that lost
 * acknowledged writes is found out rather than written over. An entry is never both added and
 * removed by one commit, nor a reservation both held and dropped.
 */
public record PartitionCommit(
    int partition,
    long follows,
    long offset,
    Map<Address, Account> accounts,
    Map<String, Long> appliedLegs,
    Map<String, OutboundLeg> outboxAdded,
    Set<String> outboxRemoved,
    Map<String, Reservation> reserved,
    Set<String> released,
    Map<String, String> funding,
    long pruneBefore) {

  public PartitionCommit {
    accounts = Map.copyOf(accounts);
    appliedLegs = Map.copyOf(appliedLegs);
    outboxAdded = Map.copyOf(outboxAdded);
    outboxRemoved = Set.copyOf(outboxRemoved);
    reserved = Map.copyOf(reserved);
    released = Set.copyOf(released);
    if (outboxAdded.keySet().stream().anyMatch(outboxRemoved::contains)
        || reserved.keySet().stream().anyMatch(released::contains)) {
      throw new IllegalArgumentException("a commit adds and removes the same entry");
    }
    funding = Map.copyOf(funding);
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
    Map<String, Long> nextApplied = new HashMap<>(appliedLegs);
    nextApplied.values().removeIf(at -> at < later.pruneBefore); // as writing later would forget
    nextApplied.putAll(later.appliedLegs);
    Map<String, OutboundLeg> added = new HashMap<>(outboxAdded);
    Set<String> removed = new HashSet<>(outboxRemoved);
    merge(added, removed, later.outboxAdded, later.outboxRemoved);
    Map<String, Reservation> held = new HashMap<>(reserved);
    Set<String> dropped = new HashSet<>(released);
    merge(held, dropped, later.reserved, later.released);
    Map<String, String> meters = new HashMap<>(funding);
    meters.putAll(later.funding);
    return new PartitionCommit(
        partition,
        follows,
        Math.max(offset, later.offset),
        nextAccounts,
        nextApplied,
        added,
        removed,
        held,
        dropped,
        meters,
        Math.max(pruneBefore, later.pruneBefore));
  }

  /** Entries added and removed, then the later ones: what is removed later is no longer added. */
  private static <V> void merge(
      Map<String, V> added,
      Set<String> removed,
      Map<String, V> laterAdded,
      Set<String> laterRemoved) {
    laterRemoved.forEach(added::remove);
    added.putAll(laterAdded);
    removed.removeAll(laterAdded.keySet());
    removed.addAll(laterRemoved);
  }
}
