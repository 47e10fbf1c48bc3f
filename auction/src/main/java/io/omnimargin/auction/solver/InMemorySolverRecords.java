package io.omnimargin.auction.solver;

import io.omnimargin.protocol.types.Address;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Solver records in this process's memory: a registry rebuilt in the same process finds them, a
 * restarted process does not.
 */
public final class InMemorySolverRecords implements SolverRecords {
  private final Map<Address, SolverRecord> records = new ConcurrentHashMap<>();

  @Override
  public void save(SolverRecord record) {
    records.put(record.solver(), record);
  }

  @Override
  public Collection<SolverRecord> loadAll() {
    return List.copyOf(records.values());
  }
}
