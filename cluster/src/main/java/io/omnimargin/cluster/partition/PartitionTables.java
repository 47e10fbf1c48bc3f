package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A partition's state held to be changed in place, commit by commit: what an owner and the
 * in-memory store keep, so that a step costs what it changes rather than a copy of the partition.
 * {@link PartitionState} is its snapshot. Not thread-safe.
 */
final class PartitionTables {
  private final int partition;
  private long offset;
  private final Map<Address, Account> accounts;
  private final Set<String> appliedLegs;
  private final Map<String, OutboundLeg> outbox;
  private final Map<String, Reservation> reservations;
  private final Map<String, String> funding;

  PartitionTables(PartitionState state) {
    this.partition = state.partition();
    this.offset = state.offset();
    this.accounts = new HashMap<>(state.accounts());
    this.appliedLegs = new HashSet<>(state.appliedLegs());
    this.outbox = new HashMap<>(state.outbox());
    this.reservations = new HashMap<>(state.reservations());
    this.funding = new HashMap<>(state.funding());
  }

  long offset() {
    return offset;
  }

  Account account(Address owner) {
    return accounts.getOrDefault(owner, Account.empty(owner));
  }

  boolean applied(String legKey) {
    return appliedLegs.contains(legKey);
  }

  Map<String, OutboundLeg> outbox() {
    return Collections.unmodifiableMap(outbox);
  }

  Reservation reservation(String key) {
    return reservations.get(key);
  }

  /** The funding book's field, or null. */
  String funding(String field) {
    return funding.get(field);
  }

  /** Writes the commit over this state: all of it (the stores write a commit whole). */
  void write(PartitionCommit commit) {
    if (commit.partition() != partition) {
      throw new IllegalArgumentException(
          "a commit of partition " + commit.partition() + " on partition " + partition);
    }
    accounts.putAll(commit.accounts());
    appliedLegs.addAll(commit.appliedLegs());
    outbox.putAll(commit.outboxAdded());
    commit.outboxRemoved().forEach(outbox::remove);
    commit.released().forEach(reservations::remove);
    reservations.putAll(commit.reserved());
    commit
        .funding()
        .forEach(
            (field, value) -> {
              if (value.isEmpty()) {
                funding.remove(field);
              } else {
                funding.put(field, value);
              }
            });
    offset = Math.max(offset, commit.offset());
  }

  PartitionState snapshot() {
    return new PartitionState(
        partition, offset, accounts, appliedLegs, outbox, reservations, funding);
  }
}
