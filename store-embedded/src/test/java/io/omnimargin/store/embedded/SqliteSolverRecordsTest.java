package io.omnimargin.store.embedded;

import io.omnimargin.auction.solver.SolverRecords;
import io.omnimargin.auction.solver.SolverRecordsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SolverRecords contract on SqliteSolverRecords; reopening opens another handle on the same
 * database file.
 */
class SqliteSolverRecordsTest extends SolverRecordsContract {
  @TempDir Path dir;
  private Handles handles;

  @Override
  protected SolverRecords createStore() {
    handles = new Handles(dir);
    return new SqliteSolverRecords(handles.next());
  }

  @Override
  protected SolverRecords reopen() {
    return new SqliteSolverRecords(handles.next());
  }

  @AfterEach
  void close() {
    handles.close();
  }
}
