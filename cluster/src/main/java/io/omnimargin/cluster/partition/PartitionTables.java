package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A partition's state held to be changed in place, commit by commit: what an owner and the
 * in-memory store keep, so that a step costs what it changes rather than a copy of the partition.
 * {@link PartitionState} is its snapshot. Not thread-safe.
 */
final class PartitionTables {
  private final int partition;
  private long offset;
  private final Map<Address, Account> accounts;
  // in the order applied, so that the oldest are pruned from the head
  private final Map<String, Long> appliedLegs;
  private final Map<String, OutboundLeg> outbox;
  private final Map<String, Reservation> reservations;
  private final Map<Address, java.util.Set<String>> reservationsByAccount = new HashMap<>();
  private final Map<String, String> funding;

  PartitionTables(PartitionState state) {
    this.partition = state.partition();
    this.offset = state.offset();
    this.accounts = new HashMap<>(state.accounts());
    this.appliedLegs = new java.util.LinkedHashMap<>();
    state.appliedLegs().entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(e -> appliedLegs.put(e.getKey(), e.getValue()));
    this.outbox = new HashMap<>(state.outbox());
    this.reservations = new HashMap<>();
    state.reservations().values().forEach(this::hold);
    this.funding = new HashMap<>(state.funding());
  }

  long offset() {
    return offset;
  }

  Account account(Address owner) {
    return accounts.getOrDefault(owner, Account.empty(owner));
  }

  boolean applied(String legKey) {
    return appliedLegs.containsKey(legKey);
  }

  Map<String, OutboundLeg> outbox() {
    return Collections.unmodifiableMap(outbox);
  }

  Reservation reservation(String key) {
    return reservations.get(key);
  }

  /** The reservations the account holds. */
  java.util.List<Reservation> reservationsOf(Address account) {
    java.util.Set<String> keys = reservationsByAccount.get(account);
    return keys == null ? java.util.List.of() : keys.stream().map(reservations::get).toList();
  }

  private void hold(Reservation r) {
    reservations.put(r.key(), r);
    reservationsByAccount.computeIfAbsent(r.account(), a -> new java.util.HashSet<>()).add(r.key());
  }

  private void drop(String key) {
    Reservation r = reservations.remove(key);
    if (r != null) {
      java.util.Set<String> keys = reservationsByAccount.get(r.account());
      keys.remove(key);
      if (keys.isEmpty()) {
        reservationsByAccount.remove(r.account());
      }
    }
  }

  /** The funding book (a view, not a copy). */
  Map<String, String> fundingBook() {
    return Collections.unmodifiableMap(funding);
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
    prune(commit.pruneBefore());
    appliedLegs.putAll(commit.appliedLegs());
    outbox.putAll(commit.outboxAdded());
    commit.outboxRemoved().forEach(outbox::remove);
    commit.released().forEach(this::drop);
    commit.reserved().values().forEach(this::hold);
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

  /**
   * Forgets the keys applied before {@code before}, from the oldest on: stamps of several owners'
   * clocks may be out of order by a little, and such a key is forgotten a little later.
   */
  private void prune(long before) {
    java.util.Iterator<Long> times = appliedLegs.values().iterator();
    while (times.hasNext() && times.next() < before) {
      times.remove();
    }
  }

  PartitionState snapshot() {
    return new PartitionState(
        partition, offset, accounts, appliedLegs, outbox, reservations, funding);
  }
}
