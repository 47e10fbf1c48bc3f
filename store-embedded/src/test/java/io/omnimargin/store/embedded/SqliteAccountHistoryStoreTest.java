package io.omnimargin.store.embedded;

import io.omnimargin.hub.history.AccountHistoryStore;
import io.omnimargin.hub.history.AccountHistoryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AccountHistoryStore contract on SqliteAccountHistoryStore; reopening opens another handle on
 * the same database file.
 */
class SqliteAccountHistoryStoreTest extends AccountHistoryStoreContract {
  @TempDir Path dir;
  private Handles handles;

  @Override
  protected AccountHistoryStore createStore() {
    handles = new Handles(dir);
    return new SqliteAccountHistoryStore(handles.next());
  }

  @Override
  protected AccountHistoryStore reopen() {
    return new SqliteAccountHistoryStore(handles.next());
  }

  @AfterEach
  void close() {
    handles.close();
  }
}
