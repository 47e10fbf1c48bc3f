package io.omnimargin.store.embedded;

import io.omnimargin.settlement.credit.FrontStore;
import io.omnimargin.settlement.credit.FrontStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FrontStore contract on SqliteFrontStore; reopening opens another handle on the same database
 * file.
 */
class SqliteFrontStoreTest extends FrontStoreContract {
  @TempDir Path dir;
  private Handles handles;

  @Override
  protected FrontStore createStore() {
    handles = new Handles(dir);
    return new SqliteFrontStore(handles.next());
  }

  @Override
  protected FrontStore reopen() {
    return new SqliteFrontStore(handles.next());
  }

  @AfterEach
  void close() {
    handles.close();
  }
}
