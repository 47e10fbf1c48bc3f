package io.omnimargin.cluster.partition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A partition store in this process's memory: one process, or tests. */
public final class InMemoryPartitionStore implements PartitionStore {
  private final Map<Integer, PartitionState> states = new HashMap<>();
  private final Map<Integer, Long> epochs = new HashMap<>();

  @Override
  public synchronized long takeOver(int partition) {
    return epochs.merge(partition, 1L, Long::sum);
  }

  @Override
  public synchronized PartitionState load(int partition) {
    return states.getOrDefault(partition, PartitionState.empty(partition));
  }

  @Override
  public synchronized java.util.Set<String> applied(
      int partition, java.util.Collection<String> legKeys) {
    java.util.Set<String> applied = new java.util.HashSet<>(legKeys);
    applied.retainAll(load(partition).appliedLegs());
    return applied;
  }

  @Override
  public synchronized boolean commit(long epoch, PartitionCommit commit) {
    if (epochs.getOrDefault(commit.partition(), 0L) != epoch) {
      return false;
    }
    PartitionState stored = load(commit.partition());
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
    states.put(commit.partition(), stored.with(commit));
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
}
