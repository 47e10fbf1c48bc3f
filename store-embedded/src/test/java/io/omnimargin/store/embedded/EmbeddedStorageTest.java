package io.omnimargin.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.auction.book.BidRejection;
import io.omnimargin.auction.solver.SolverRecord;
import io.omnimargin.auction.solver.SolverRecords;
import io.omnimargin.auction.solver.SolverRecordsContract;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.auction.solver.WriteBehindSolverRecords;
import io.omnimargin.hub.history.AccountHistory;
import io.omnimargin.hub.history.HistoryEntry;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.settlement.credit.FrontedCredits;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory: created when missing, one holder at a time, everything there on reopen. */
class EmbeddedStorageTest {
  private static final long NOW = 1_800_000_000L;
  @TempDir Path tmp;

  @Test
  void aMissingDirectoryIsCreatedWithItsDatabaseAndLock() {
    Path dir = tmp.resolve("nested/data");

    try (EmbeddedStorage storage = EmbeddedStorage.open(dir, EmbeddedDatabase.Sync.FULL)) {
      assertThat(storage.directory()).isEqualTo(dir.toAbsolutePath());
      assertThat(dir.resolve(EmbeddedStorage.DATABASE_FILE)).exists();
      assertThat(dir.resolve(DataDirectory.LOCK_FILE)).exists();
    }
  }

  @Test
  void aSecondHolderIsRefusedWithOneLineNamingTheDirectoryAndTheHolder() {
    try (EmbeddedStorage first = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL)) {
      assertThatThrownBy(() -> EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL))
          .isInstanceOf(DataDirectory.DataDirectoryInUse.class)
          .hasMessage(
              "data directory "
                  + tmp.toAbsolutePath()
                  + " is in use by another process (pid "
                  + ProcessHandle.current().pid()
                  + ")");
      assertThat(first.intents().find(Fixtures.intent(0).id())).isEmpty(); // first still works
    }
    EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL).close(); // free again once closed
  }

  @Test
  void aReopenedDirectoryHasEverything() throws Exception {
    FrontedCredits.Provisional proven = Fixtures.front(1);
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.NORMAL)) {
      storage.intents().accept(Fixtures.intent(0), 10);
      storage.intents().accept(Fixtures.intent(1), 10);
      storage
          .intents()
          .transition(
              Fixtures.intent(1).id(),
              IntentStatus.NOT_YET_TAKEN,
              new StatusChange(IntentStatus.CANCELLED, Fixtures.NOW, "user"));
      storage.ledger().save(Fixtures.account(0));
      storage.journal().record(Fixtures.event(0), "credited@7");
      storage.journal().advance("137/vault", 8);
      storage.fronts().opened(Fixtures.front(0));
      storage.fronts().opened(proven);
      storage
          .fronts()
          .proven(
              proven,
              new FrontedCredits.Repayment(
                  proven.eventKey(),
                  proven.solver(),
                  proven.deposit().chainId(),
                  proven.deposit().token(),
                  proven.deposit().amount()));
      storage.seizures().put(Fixtures.seizure(0));
    }

    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL)) {
      assertThat(storage.intents().live())
          .extracting(i -> i.id())
          .containsExactly(Fixtures.intent(0).id());
      assertThat(storage.intents().find(Fixtures.intent(1).id()).orElseThrow().status())
          .isEqualTo(IntentStatus.CANCELLED);
      assertThat(storage.ledger().loadAll()).containsExactly(Fixtures.account(0));
      assertThat(storage.journal().outcome(Fixtures.event(0))).contains("credited@7");
      assertThat(storage.journal().cursor("137/vault", 0)).isEqualTo(8);
      assertThat(storage.fronts().openFronts()).containsExactly(Fixtures.front(0));
      assertThat(storage.fronts().repayments()).hasSize(1);
      assertThat(storage.seizures().take(Fixtures.seizure(0).eventKey()))
          .contains(Fixtures.seizure(0));
    }
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList())
        .contains(EmbeddedStorage.DATABASE_FILE, DataDirectory.LOCK_FILE);
  }

  @Test
  void anAccountsHistoryWithItsFundingPaymentsSurvivesARestart() {
    Address owner = Address.parse("0x" + "a1".repeat(20));
    AccountHistory before;
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.NORMAL)) {
      before = new AccountHistory(storage.history(), 10);
      before.funded(
          new FundingSettlement(
              "ETH-PERP",
              3_600,
              Wad.of("0.001"),
              Wad.of("3000"),
              1,
              Wad.of("6"),
              BigInteger.ZERO,
              Wad.of("6"),
              List.of(new FundingSettlement.Payment(owner, Wad.of("6").negate()))));
    }
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.NORMAL)) {
      AccountHistory after = new AccountHistory(storage.history(), 10);
      assertThat(after.of(owner, 20))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.kind()).isEqualTo("Funding ETH-PERP");
                assertThat(e.amount()).isEqualTo("-6");
                assertThat(e.at()).isEqualTo(3_600);
              });
    }
  }

  @Test
  void aVersionOneDatabaseGainsTheHistoryAndSolversTablesAndKeepsItsData() throws Exception {
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL)) {
      storage.seizures().put(Fixtures.seizure(0));
    }
    try (EmbeddedDatabase db =
        EmbeddedDatabase.open(
            tmp.resolve(EmbeddedStorage.DATABASE_FILE), EmbeddedDatabase.Sync.FULL)) {
      db.write(
          c -> {
            c.createStatement().execute("DROP TABLE account_history");
            c.createStatement().execute("DROP TABLE solvers");
            return c.createStatement().execute("PRAGMA user_version = 1");
          });
    }
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL)) {
      Address owner = Address.parse("0x" + "a2".repeat(20));
      storage.history().append(new HistoryEntry(1, owner, "Value changed", null, "1", "0", "x"));
      assertThat(storage.history().of(owner, 5)).hasSize(1);
      assertThat(storage.seizures().take(Fixtures.seizure(0).eventKey()))
          .contains(Fixtures.seizure(0));
    }
  }

  @Test
  void theSolverRegistrySurvivesARestart() throws Exception {
    Address solver = Address.parse("0x" + "5a".repeat(20));
    Address other = Address.parse("0x" + "5b".repeat(20));
    Map<Address, BigInteger> allowed = Map.of(solver, Wad.of("1000"), other, Wad.of("10"));
    SolverRecord before;
    SolverRecord otherBefore;
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL);
        WriteBehindSolverRecords records = new WriteBehindSolverRecords(storage.solvers())) {
      SolverRegistry registry = registry(allowed, records);
      registry.register(new SolverRegistration(solver, "desk", NOW), solver);
      registry.register(new SolverRegistration(other, "other", NOW - 5), other);
      for (int i = 0; i < 300; i++) {
        registry.responded(solver, i % 90);
      }
      registry.awarded(solver);
      registry.filled(solver);
      registry.awarded(other);
      registry.faded(other); // 1 fade in 1 award, judged from the first: suspended
      before = registry.record(solver);
      otherBefore = registry.record(other);
    }

    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL)) {
      SolverRegistry registry = registry(allowed, storage.solvers());
      assertThat(registry.registered()).containsExactlyInAnyOrder(solver, other);
      assertThat(registry.record(solver)).isEqualTo(before);
      assertThat(registry.record(other)).isEqualTo(otherBefore);
      assertThat(registry.score(solver)).isEqualTo(1);
      assertThat(registry.apply(other)).contains(BidRejection.SOLVER_SUSPENDED);
      assertThat(registry.suspension(other)).contains("fade rate 100.0% over 1 awards");
      assertThat(registry.reputation(solver).medianResponseMillis()).isEqualTo(47);
    }
  }

  private static SolverRegistry registry(Map<Address, BigInteger> allowed, SolverRecords records) {
    return new SolverRegistry(allowed, 1200, 1, Duration.ofMinutes(5), () -> NOW, records);
  }

  @Test
  void aVersionTwoDatabaseGainsTheSolversTableAndKeepsItsData() throws Exception {
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL)) {
      storage.seizures().put(Fixtures.seizure(0));
    }
    try (EmbeddedDatabase db =
        EmbeddedDatabase.open(
            tmp.resolve(EmbeddedStorage.DATABASE_FILE), EmbeddedDatabase.Sync.FULL)) {
      db.write(
          c -> {
            c.createStatement().execute("DROP TABLE solvers");
            return c.createStatement().execute("PRAGMA user_version = 2");
          });
    }
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL)) {
      SolverRecord record = SolverRecordsContract.full(SolverRecordsContract.solver(1));
      storage.solvers().save(record);
      assertThat(storage.solvers().loadAll()).containsExactly(record);
      assertThat(storage.seizures().take(Fixtures.seizure(0).eventKey()))
          .contains(Fixtures.seizure(0));
    }
  }

  @Test
  void aDatabaseFromANewerVersionIsRefused() throws Exception {
    try (EmbeddedStorage storage = EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL)) {
      assertThat(storage.directory()).exists();
    }
    try (EmbeddedDatabase db =
        EmbeddedDatabase.open(
            tmp.resolve(EmbeddedStorage.DATABASE_FILE), EmbeddedDatabase.Sync.FULL)) {
      db.write(c -> c.createStatement().execute("PRAGMA user_version = 99"));
    }

    assertThatThrownBy(() -> EmbeddedStorage.open(tmp, EmbeddedDatabase.Sync.FULL))
        .isInstanceOf(EmbeddedStoreException.class)
        .hasMessageContaining("newer Omnimargin");
    EmbeddedStorage.open(tmp.resolve("other"), EmbeddedDatabase.Sync.FULL).close();
    assertThat(List.of(tmp.resolve(DataDirectory.LOCK_FILE))).allMatch(Files::exists);
  }
}
