package io.omnimargin.auction.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract through the writer thread (reopening closes the first handle, as a service that
 * stops does), and what writing behind adds: saves coalesce per solver and gather for the linger
 * time, a flush cuts it short and waits for the store, a failed write is tried again, a close
 * stores what is pending.
 */
class WriteBehindSolverRecordsTest extends SolverRecordsContract {
  private InMemorySolverRecords inner;
  private final List<WriteBehindSolverRecords> open = new ArrayList<>();

  @Override
  protected SolverRecords createStore() {
    inner = new InMemorySolverRecords();
    return handle(inner);
  }

  @Override
  protected SolverRecords reopen() {
    open.forEach(WriteBehindSolverRecords::close);
    return handle(inner);
  }

  private WriteBehindSolverRecords handle(SolverRecords store) {
    WriteBehindSolverRecords handle = new WriteBehindSolverRecords(store);
    open.add(handle);
    return handle;
  }

  private WriteBehindSolverRecords handle(SolverRecords store, Duration linger) {
    WriteBehindSolverRecords handle = new WriteBehindSolverRecords(store, linger);
    open.add(handle);
    return handle;
  }

  @AfterEach
  void closeAll() {
    open.forEach(WriteBehindSolverRecords::close);
  }

  /** A store whose writes wait for the test to let them through, counting what it was given. */
  private static final class Gate implements SolverRecords {
    final InMemorySolverRecords kept = new InMemorySolverRecords();
    final CountDownLatch open = new CountDownLatch(1);
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger records = new AtomicInteger();
    final AtomicInteger failuresLeft = new AtomicInteger();

    @Override
    public void save(SolverRecord record) {
      saveAll(List.of(record));
    }

    @Override
    public void saveAll(Collection<SolverRecord> batch) {
      try {
        open.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("the store is down");
      }
      batches.incrementAndGet();
      records.addAndGet(batch.size());
      kept.saveAll(batch);
    }

    @Override
    public Collection<SolverRecord> loadAll() {
      return kept.loadAll();
    }
  }

  @Test
  void aFlushReturnsOnceTheStoreHasEverythingSavedBeforeIt() {
    Gate gate = new Gate();
    WriteBehindSolverRecords records = handle(gate);
    records.save(counted(solver(1), 3));
    assertThat(gate.kept.loadAll()).isEmpty(); // the writer waits at the gate

    gate.open.countDown();
    records.flush();

    assertThat(gate.kept.loadAll()).containsExactly(counted(solver(1), 3));
  }

  @Test
  void savesWhileTheWriterIsBusyBecomeOneRecordPerSolver() {
    Gate gate = new Gate();
    WriteBehindSolverRecords records = handle(gate);
    records.save(bare(solver(0))); // the writer takes what is pending, then waits at the gate
    for (int i = 1; i <= 1_000; i++) {
      records.save(counted(solver(i % 3), i));
    }

    gate.open.countDown();
    records.flush();

    assertThat(gate.kept.loadAll())
        .containsExactlyInAnyOrder(
            counted(solver(0), 999), counted(solver(1), 1_000), counted(solver(2), 998));
    // the batch the writer took before the gate, and one for everything saved while it waited
    assertThat(gate.batches).hasValueLessThanOrEqualTo(2);
    assertThat(gate.records).hasValueLessThanOrEqualTo(3 + 3);
  }

  @Test
  void changesGatherForTheLingerTimeAndAStreamOfThemIsOneWrite() throws Exception {
    Gate gate = new Gate();
    gate.open.countDown();
    WriteBehindSolverRecords records = handle(gate, Duration.ofMillis(300));
    long started = System.nanoTime();
    for (int i = 1; i <= 200; i++) {
      records.save(counted(solver(i % 4), i));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));

    Thread.sleep(600);

    assertThat(gate.batches).hasValue(1);
    assertThat(gate.records).hasValue(4);
  }

  @Test
  void aFlushDoesNotWaitForTheLingerTime() {
    Gate gate = new Gate();
    gate.open.countDown();
    WriteBehindSolverRecords records = handle(gate, Duration.ofMinutes(10));
    records.save(full(solver(1)));
    long started = System.nanoTime();

    records.flush();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(gate.kept.loadAll()).containsExactly(full(solver(1)));
  }

  @Test
  void aFailedWriteIsTriedAgainUnlessANewerRecordReplacedIt() {
    Gate gate = new Gate();
    gate.failuresLeft.set(1);
    gate.open.countDown();
    WriteBehindSolverRecords records = handle(gate);

    records.save(full(solver(1)));
    records.flush(); // the first write fails, the second (a second later) stores it

    assertThat(gate.kept.loadAll()).containsExactly(full(solver(1)));
  }

  @Test
  void aCloseStoresWhatIsPending() {
    Gate gate = new Gate();
    WriteBehindSolverRecords records = handle(gate);
    for (int i = 0; i < 20; i++) {
      records.save(counted(solver(i), i));
    }
    gate.open.countDown();

    records.close();

    assertThat(gate.kept.loadAll()).hasSize(20);
    records.save(bare(solver(0))); // after the close a save is written at once
    assertThat(gate.kept.loadAll()).contains(bare(solver(0)));
  }
}
