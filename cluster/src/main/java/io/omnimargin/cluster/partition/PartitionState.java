package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.util.Map;

/**
 * What a ledger partition holds, as committed: its accounts, the offset of the last command applied
 * (-1 before the first), the keys of the legs and payouts it applied with when (epoch seconds), its
 * outbox of legs for other partitions not yet applied there, the reservations its accounts hold (by
 * {@link Reservation#key}), and its funding book ({@link FundingFields}: fill sums per market for
 * the interval under way and per closed interval, and the intervals it settled).
 */
public record PartitionState(
    int partition,
    long offset,
    Map<Address, Account> accounts,
    Map<String, Long> appliedLegs,
    Map<String, OutboundLeg> outbox,
    Map<String, Reservation> reservations,
    Map<String, String> funding) {

  public PartitionState {
    accounts = Map.copyOf(accounts);
    appliedLegs = Map.copyOf(appliedLegs);
    outbox = Map.copyOf(outbox);
    reservations = Map.copyOf(reservations);
    funding = Map.copyOf(funding);
  }

  public static PartitionState empty(int partition) {
    return new PartitionState(partition, -1, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  public Account account(Address owner) {
    return accounts.getOrDefault(owner, Account.empty(owner));
  }

  /** This state with a commit written over it, as the store writes it: all of it at once. */
  public PartitionState with(PartitionCommit commit) {
    PartitionTables tables = new PartitionTables(this);
    tables.write(commit);
    return tables.snapshot();
  }
}
