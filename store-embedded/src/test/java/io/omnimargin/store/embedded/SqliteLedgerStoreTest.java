package io.omnimargin.store.embedded;

import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.ledger.LedgerStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LedgerStore contract on SqliteLedgerStore; reopening opens another handle on the same
 * database file.
 */
class SqliteLedgerStoreTest extends LedgerStoreContract {
  @TempDir Path dir;
  private Handles handles;

  @Override
  protected LedgerStore createStore() {
    handles = new Handles(dir);
    return new SqliteLedgerStore(handles.next());
  }

  @Override
  protected LedgerStore reopen() {
    return new SqliteLedgerStore(handles.next());
  }

  @AfterEach
  void close() {
    handles.close();
  }
}
