package io.omnimargin.store.embedded;

import io.omnimargin.settlement.credit.SettlementJournal;
import io.omnimargin.settlement.credit.SettlementJournalContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SettlementJournal contract on SqliteSettlementJournal; reopening opens another handle on the
 * same database file.
 */
class SqliteSettlementJournalTest extends SettlementJournalContract {
  @TempDir Path dir;
  private Handles handles;

  @Override
  protected SettlementJournal createJournal() {
    handles = new Handles(dir);
    return new SqliteSettlementJournal(handles.next());
  }

  @Override
  protected SettlementJournal reopen() {
    return new SqliteSettlementJournal(handles.next());
  }

  @AfterEach
  void close() {
    handles.close();
  }
}
