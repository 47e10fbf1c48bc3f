package io.omnimargin.store.embedded;

import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.IntentStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IntentStore contract on SqliteIntentStore; reopening opens another handle on the same
 * database file.
 */
class SqliteIntentStoreTest extends IntentStoreContract {
  @TempDir Path dir;
  private Handles handles;

  @Override
  protected IntentStore createStore() {
    handles = new Handles(dir);
    return new SqliteIntentStore(handles.next());
  }

  @Override
  protected IntentStore reopen() {
    return new SqliteIntentStore(handles.next());
  }

  @AfterEach
  void close() {
    handles.close();
  }
}
