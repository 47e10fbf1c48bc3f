package io.omnimargin.cluster.partition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A partition store in this process's memory: one process, or tests. A commit costs what it
 * changes; a load is a copy.
 */
public final class InMemoryPartitionStore implements PartitionStore {
  private final Map<Integer, PartitionTables> states = new HashMap<>();
  private final Map<Integer, Long> epochs = new HashMap<>();
  private final Map<String, FundingDecision> decisions = new HashMap<>();

  @Override
  public synchronized long takeOver(int partition) {
    return epochs.merge(partition, 1L, Long::sum);
  }

  @Override
  public synchronized PartitionState load(int partition) {
    return tables(partition).snapshot();
  }

  @Override
  public synchronized StoredAccount account(
      int partition, io.omnimargin.protocol.types.Address owner) {
    PartitionTables tables = tables(partition);
    return new StoredAccount(tables.account(owner), tables.reservationsOf(owner));
  }

  @Override
  public synchronized Set<String> applied(int partition, Collection<String> legKeys) {
    PartitionTables tables = tables(partition);
    Set<String> applied = new HashSet<>();
    for (String key : legKeys) {
      if (tables.applied(key)) {
        applied.add(key);
      }
    }
    return applied;
  }

  @Override
  public synchronized boolean commit(long epoch, PartitionCommit commit) {
    if (epochs.getOrDefault(commit.partition(), 0L) != epoch) {
      return false;
    }
    PartitionTables stored = tables(commit.partition());
    if (stored.offset() != commit.follows()) {
      throw new DivergedStore(
          "partition "
              + commit.partition()
              + " holds offset "
              + stored.offset()
              + ", not the "
              + commit.follows()
              + " its commit follows");
    }
    stored.write(commit);
    return true;
  }

  @Override
  public synchronized List<PartitionState> loadAll(int partitions) {
    List<PartitionState> all = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      all.add(load(p));
    }
    return all;
  }

  @Override
  public synchronized StoredLedger ledger(int partitions) {
    List<PartitionState> all = loadAll(partitions);
    List<io.omnimargin.margin.account.Account> accounts = new ArrayList<>();
    List<OutboundLeg> inFlight = new ArrayList<>();
    for (PartitionState p : all) {
      accounts.addAll(p.accounts().values());
      for (OutboundLeg out : p.outbox().values()) {
        boolean there = out.partition() >= 0 && out.partition() < partitions;
        if (!there || !all.get(out.partition()).appliedLegs().containsKey(out.leg().key())) {
          inFlight.add(out);
        }
      }
    }
    return new StoredLedger(accounts, inFlight);
  }

  @Override
  public synchronized Map<Integer, io.omnimargin.margin.account.Account> accountsAt(
      Map<Integer, io.omnimargin.protocol.types.Address> where) {
    Map<Integer, io.omnimargin.margin.account.Account> found = new HashMap<>();
    where.forEach((p, owner) -> found.put(p, load(p).account(owner)));
    return found;
  }

  @Override
  public synchronized Map<Integer, Mark> marks(java.util.Collection<Integer> partitions) {
    Map<Integer, Mark> marks = new java.util.HashMap<>();
    for (int p : partitions) {
      PartitionState state = load(p);
      marks.put(p, new Mark(state.offset(), state.outbox().keySet()));
    }
    return marks;
  }

  @Override
  public synchronized List<io.omnimargin.margin.account.Account> accounts(int partitions) {
    List<io.omnimargin.margin.account.Account> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.addAll(load(p).accounts().values());
    }
    return all;
  }

  @Override
  public synchronized FundingDecision decideFunding(
      String market, long intervalEnd, FundingDecision proposed) {
    return decisions.computeIfAbsent(market + "/" + intervalEnd, k -> proposed);
  }

  @Override
  public synchronized java.util.Optional<FundingDecision> decided(String market, long intervalEnd) {
    return java.util.Optional.ofNullable(decisions.get(market + "/" + intervalEnd));
  }

  @Override
  public synchronized List<Map<String, String>> fundingBooks(int partitions) {
    List<Map<String, String>> books = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      books.add(Map.copyOf(tables(p).fundingBook())); // not the whole partition's copy
    }
    return books;
  }

  private PartitionTables tables(int partition) {
    return states.computeIfAbsent(
        partition, p -> new PartitionTables(PartitionState.empty(partition)));
  }
}
