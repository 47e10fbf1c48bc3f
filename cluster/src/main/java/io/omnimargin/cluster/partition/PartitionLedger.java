package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.protocol.types.Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The owner's copy of one ledger partition, loaded from the store: it applies the partition's
 * commands in offset order and answers each step as the commit to write. A command at or below the
 * loaded offset was applied by a former owner and is skipped, so a log read again after a crash
 * changes nothing twice; a leg whose key this partition applied before is skipped too, so a leg
 * relayed twice is booked once. Not thread-safe: one owner thread per partition.
 */
public final class PartitionLedger {
  private final int partition;
  private final LedgerPartitioner partitioner;
  private final Address feePool;
  private final SystemShards shards;
  private final PartitionTables state;

  public PartitionLedger(
      PartitionState loaded, LedgerPartitioner partitioner, SystemShards shards) {
    this.partition = loaded.partition();
    this.partitioner = partitioner;
    this.feePool = shards.feePool(partition);
    this.shards = shards;
    this.state = new PartitionTables(loaded);
  }

  /** A snapshot of the partition as this owner holds it (a copy: for tests and take-overs). */
  public PartitionState state() {
    return state.snapshot();
  }

  /** The offset of the last command applied. */
  public long offset() {
    return state.offset();
  }

  /** The legs waiting for their partitions (a view, not a copy). */
  public Map<String, OutboundLeg> outbox() {
    return state.outbox();
  }

  /**
   * Applies the command read at {@code offset}.
   *
   * @return the commit to write (it may change nothing but the offset), or empty when a former
   *     owner applied this offset already
   * @throws IllegalArgumentException for a command about an account of another partition
   */
  public Optional<PartitionCommit> apply(long offset, PartitionCommand command) {
    if (offset <= state.offset()) {
      return Optional.empty();
    }
    Step step = new Step(offset);
    if (command instanceof PartitionCommand.BookTrade book) {
      requireHere(book.trade().taker(), "a trade is booked on its taker's partition");
      if (shards.isFeePool(book.trade().taker()) || shards.isFeePool(book.trade().maker())) {
        // its legs would share keys with the fee's: the fee or a side would be dropped
        throw new IllegalArgumentException("the fee pool does not trade");
      }
      for (TradeLeg leg : book.trade().legs(book.tradeId(), feePool)) {
        step.route(leg);
      }
    } else if (command instanceof PartitionCommand.ApplyLeg relayed) {
      requireHere(relayed.leg().account(), "a leg is applied on its account's partition");
      step.applyHere(relayed.leg());
    }
    return Optional.of(step.commit());
  }

  /**
   * Drops from the outbox the legs their partitions have applied.
   *
   * @return the commit to write, or empty when none is applied yet
   */
  public Optional<PartitionCommit> acknowledge(Predicate<OutboundLeg> appliedThere) {
    Set<String> done = new HashSet<>();
    state
        .outbox()
        .forEach(
            (key, leg) -> {
              if (appliedThere.test(leg)) {
                done.add(key);
              }
            });
    if (done.isEmpty()) {
      return Optional.empty();
    }
    PartitionCommit commit =
        new PartitionCommit(
            partition, state.offset(), state.offset(), Map.of(), Set.of(), Map.of(), done);
    state.write(commit);
    return Optional.of(commit);
  }

  private void requireHere(Address account, String rule) {
    if (partitioner.of(account) != partition) {
      throw new IllegalArgumentException(
          rule
              + ": "
              + account
              + " is on partition "
              + partitioner.of(account)
              + ", not "
              + partition);
    }
  }

  /** One command's changes, gathered before they are committed. */
  private final class Step {
    private final long offset;
    private final Map<Address, Account> accounts = new HashMap<>();
    private final Set<String> applied = new HashSet<>();
    private final Map<String, OutboundLeg> outbox = new HashMap<>();

    Step(long offset) {
      this.offset = offset;
    }

    /**
     * Books a leg here when its account is here (the fee pool's shard always is), else sends it.
     */
    void route(TradeLeg leg) {
      int target = leg.account().equals(feePool) ? partition : partitioner.of(leg.account());
      if (target == partition) {
        applyHere(leg);
      } else {
        outbox.put(leg.key(), new OutboundLeg(target, leg));
      }
    }

    void applyHere(TradeLeg leg) {
      if (state.applied(leg.key()) || !applied.add(leg.key())) {
        return;
      }
      Account before = accounts.getOrDefault(leg.account(), state.account(leg.account()));
      accounts.put(leg.account(), leg.applyTo(before));
    }

    PartitionCommit commit() {
      PartitionCommit commit =
          new PartitionCommit(
              partition, state.offset(), offset, accounts, applied, outbox, Set.of());
      state.write(commit);
      return commit;
    }
  }
}
