package io.omnimargin.service.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.store.embedded.EmbeddedDatabase;
import io.omnimargin.store.embedded.EmbeddedStorage;
import io.omnimargin.store.embedded.SqliteFrontStore;
import io.omnimargin.store.embedded.SqliteIntentStore;
import io.omnimargin.store.embedded.SqliteLedgerStore;
import io.omnimargin.store.embedded.SqliteSettlementJournal;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link SettlementEndToEndTest}'s whole path (deposits on two chains, a withdrawal, a solver's
 * front and its proof, a liquidation's seizure) on the embedded store; afterwards a second handle
 * on the database file finds what the service committed there: the journal's outcomes and cursors,
 * the repayment owed to the solver, no front or seizure left pending, the ledger and the intents.
 */
@QuarkusTest
@TestProfile(EmbeddedSettlementEndToEndTest.Embedded.class)
class EmbeddedSettlementEndToEndTest extends SettlementEndToEndTest {
  public static class Embedded extends SettlementEndToEndTest.TwoChains {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Map<String, String> config = new HashMap<>();
        config.put("omnimargin.store", "embedded");
        config.put("omnimargin.data-dir", Files.createTempDirectory("omnimargin-e2e-").toString());
        return config;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Inject EmbeddedStorage storage;

  @AfterEach
  void theDatabaseHoldsWhatSettlementCommitted() {
    try (EmbeddedDatabase db =
        EmbeddedDatabase.open(
            storage.directory().resolve(EmbeddedStorage.DATABASE_FILE),
            EmbeddedDatabase.Sync.FULL)) {
      SqliteSettlementJournal journal = new SqliteSettlementJournal(db);
      assertThat(journal.cursor("1/" + vaultA.toLowerCase(), -1)).isPositive();
      assertThat(journal.cursor("137/" + vaultB.toLowerCase(), -1)).isPositive();
      assertThat(journal.outcome("1/" + vaultA.toLowerCase() + "/1")).isPresent(); // ETH deposit
      assertThat(journal.outcome("137/" + vaultB.toLowerCase() + "/2")).isPresent(); // the front
      SqliteFrontStore fronts = new SqliteFrontStore(db);
      assertThat(fronts.openFronts()).isEmpty();
      assertThat(fronts.repayments())
          .singleElement()
          .satisfies(r -> assertThat(r.amount()).isEqualTo(1_000_000_000L));
      assertThat(new SqliteLedgerStore(db).loadAll())
          .anySatisfy(a -> assertThat(a.owner()).isEqualTo(TRADER.address()));
      assertThat(
              new SqliteIntentStore(db)
                  .listByUser(TRADER.address(), Optional.empty(), Optional.empty(), 10)
                  .items())
          .extracting(i -> i.status())
          .hasSize(2) // the margin order and the withdrawal; the oversized order was refused
          .contains(IntentStatus.FILLED);
    }
  }
}
