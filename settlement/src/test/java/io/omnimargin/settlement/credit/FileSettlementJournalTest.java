package io.omnimargin.settlement.credit;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class FileSettlementJournalTest extends SettlementJournalContract {
  @TempDir Path dir;
  private FileSettlementJournal journal;

  @Override
  protected SettlementJournal createJournal() {
    journal = new FileSettlementJournal(dir.resolve("journal.log"));
    return journal;
  }

  @Override
  protected SettlementJournal reopen() {
    journal.close();
    journal = new FileSettlementJournal(dir.resolve("journal.log"));
    return journal;
  }

  @AfterEach
  void close() {
    journal.close();
  }
}
