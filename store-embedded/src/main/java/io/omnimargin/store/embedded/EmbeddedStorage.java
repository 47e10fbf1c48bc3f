package io.omnimargin.store.embedded;

import io.omnimargin.auction.solver.SolverRecords;
import io.omnimargin.hub.history.AccountHistoryStore;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.settlement.PendingSeizures;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.settlement.credit.FrontStore;
import io.omnimargin.settlement.credit.SettlementJournal;
import java.nio.file.Path;

/**
 * Everything the service keeps, in one local data directory: the directory's lock and one SQLite
 * database, {@value #DATABASE_FILE} (with SQLite's {@code -wal} and {@code -shm} files beside it),
 * holding intents with their nonces and history, the margin ledger, the settlement journal, solver
 * fronts, pending seizures, accounts' histories and the solver registry's records. Every write is
 * committed before the port method returns.
 */
public final class EmbeddedStorage implements AutoCloseable {
  public static final String DATABASE_FILE = "omnimargin.db";

  private final DataDirectory directory;
  private final EmbeddedDatabase db;
  private final SqliteIntentStore intents;
  private final SqliteLedgerStore ledger;
  private final SqliteSettlementJournal journal;
  private final SqliteFrontStore fronts;
  private final SqlitePendingSeizures seizures;
  private final SqliteAccountHistoryStore history;
  private final SqliteSolverRecords solvers;

  private EmbeddedStorage(DataDirectory directory, EmbeddedDatabase db) {
    this.directory = directory;
    this.db = db;
    this.intents = new SqliteIntentStore(db);
    this.ledger = new SqliteLedgerStore(db);
    this.journal = new SqliteSettlementJournal(db);
    this.fronts = new SqliteFrontStore(db);
    this.seizures = new SqlitePendingSeizures(db);
    this.history = new SqliteAccountHistoryStore(db);
    this.solvers = new SqliteSolverRecords(db);
  }

  /**
   * Locks {@code dir} (creating it if missing) and opens its database.
   *
   * @throws DataDirectory.DataDirectoryInUse when another process holds the directory
   * @throws EmbeddedStoreException when the database cannot be opened
   */
  public static EmbeddedStorage open(Path dir, EmbeddedDatabase.Sync sync) {
    DataDirectory directory = DataDirectory.lock(dir);
    try {
      return new EmbeddedStorage(
          directory, EmbeddedDatabase.open(directory.path().resolve(DATABASE_FILE), sync));
    } catch (RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  public Path directory() {
    return directory.path();
  }

  public IntentStore intents() {
    return intents;
  }

  public LedgerStore ledger() {
    return ledger;
  }

  public SettlementJournal journal() {
    return journal;
  }

  public FrontStore fronts() {
    return fronts;
  }

  public PendingSeizures seizures() {
    return seizures;
  }

  public AccountHistoryStore history() {
    return history;
  }

  public SolverRecords solvers() {
    return solvers;
  }

  /** Closes the database (checkpointing its log) and releases the directory. */
  @Override
  public void close() {
    try {
      db.close();
    } finally {
      directory.close();
    }
  }
}
