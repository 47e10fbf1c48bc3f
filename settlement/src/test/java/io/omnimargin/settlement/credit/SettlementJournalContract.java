package io.omnimargin.settlement.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SettlementJournal} must have; each implementation subclasses this
 * (settlement's test-jar carries it to the modules that hold the other journals).
 */
public abstract class SettlementJournalContract {

  /** A fresh, empty journal. */
  protected abstract SettlementJournal createJournal();

  /**
   * A handle on the data of the journal {@link #createJournal} made last, as a restarted service
   * would have (the same instance where the journal lives only in this process).
   */
  protected abstract SettlementJournal reopen();

  @Test
  void anUnscannedVaultStartsAtTheFallback() {
    SettlementJournal journal = createJournal();

    assertThat(journal.cursor("137/0xaa", 42)).isEqualTo(42);
    assertThat(journal.outcome("137/0xaa/1")).isEmpty();
  }

  @Test
  void theCursorIsTheLastAdvance() {
    SettlementJournal journal = createJournal();

    journal.advance("137/0xaa", 100);
    journal.advance("137/0xaa", 250);
    journal.advance("1/0xbb", 7);

    assertThat(journal.cursor("137/0xaa", 0)).isEqualTo(250);
    assertThat(journal.cursor("1/0xbb", 0)).isEqualTo(7);
  }

  @Test
  void anOutcomeIsRecordedOnceAndNeverOverwritten() {
    SettlementJournal journal = createJournal();

    assertThat(journal.record("137/0xaa/1", "credited@12")).isTrue();
    assertThat(journal.record("137/0xaa/1", "refused")).isFalse();

    assertThat(journal.outcome("137/0xaa/1")).contains("credited@12");
    assertThat(journal.outcome("137/0xaa/2")).isEmpty();
  }

  @Test
  void aReopenedJournalHasEveryCursorAndOutcome() {
    SettlementJournal journal = createJournal();
    journal.advance("137/0xaa", 300);
    journal.record("137/0xaa/1", "credited@12");
    journal.record("137/0xaa/release/0x01", "released@13");

    SettlementJournal reopened = reopen();

    assertThat(reopened.cursor("137/0xaa", 0)).isEqualTo(300);
    assertThat(reopened.outcome("137/0xaa/1")).contains("credited@12");
    assertThat(reopened.outcome("137/0xaa/release/0x01")).contains("released@13");
    assertThat(reopened.record("137/0xaa/1", "credited@99")).isFalse();
  }

  @Test
  void concurrentRecordsOfOneEventKeepExactlyOne() throws Exception {
    SettlementJournal journal = createJournal();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String outcome = "credited@" + i;
        tasks.add(() -> journal.record("137/0xaa/9", outcome));
      }
      List<Boolean> recorded = new ArrayList<>();
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        recorded.add(f.get());
      }
      assertThat(recorded).containsOnlyOnce(true);
      assertThat(journal.outcome("137/0xaa/9")).hasValueSatisfying(o -> o.startsWith("credited@"));
    } finally {
      pool.shutdownNow();
    }
  }
}
