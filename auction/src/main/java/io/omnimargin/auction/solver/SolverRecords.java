package io.omnimargin.auction.solver;

import java.util.Collection;
import java.util.List;

/**
 * Where the {@link SolverRegistry} keeps its solvers so that they outlive the process: the registry
 * loads every record when it is built and saves a solver's record whole after each change to it.
 * The last record saved for a solver is the one loaded.
 */
public interface SolverRecords {

  /** Replaces the record of {@code record.solver()}. */
  void save(SolverRecord record);

  /** Replaces each of these records (a store may do it in one write). */
  default void saveAll(Collection<SolverRecord> records) {
    records.forEach(this::save);
  }

  /** Every solver's record as last saved. */
  Collection<SolverRecord> loadAll();

  /**
   * Returns once every record saved before the call is stored (stores that write on a thread of
   * their own wait for it; the others have nothing to wait for).
   */
  default void flush() {}

  /** Keeps nothing: a registry that forgets its solvers when the process ends. */
  static SolverRecords none() {
    return None.INSTANCE;
  }

  /** The store that keeps nothing. */
  enum None implements SolverRecords {
    INSTANCE;

    @Override
    public void save(SolverRecord record) {}

    @Override
    public Collection<SolverRecord> loadAll() {
      return List.of();
    }
  }
}
