package io.omnimargin.store.embedded;

import io.omnimargin.hub.settlement.PendingSeizures;
import io.omnimargin.hub.settlement.PendingSeizuresContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PendingSeizures contract on SqlitePendingSeizures; reopening opens another handle on the same
 * database file.
 */
class SqlitePendingSeizuresTest extends PendingSeizuresContract {
  @TempDir Path dir;
  private Handles handles;

  @Override
  protected PendingSeizures createStore() {
    handles = new Handles(dir);
    return new SqlitePendingSeizures(handles.next());
  }

  @Override
  protected PendingSeizures reopen() {
    return new SqlitePendingSeizures(handles.next());
  }

  @AfterEach
  void close() {
    handles.close();
  }
}
