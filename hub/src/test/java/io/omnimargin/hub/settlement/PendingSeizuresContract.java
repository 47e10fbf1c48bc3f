package io.omnimargin.hub.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PendingSeizures} must have; each implementation subclasses this (hub's
 * test-jar carries it to the modules that hold the other stores).
 */
public abstract class PendingSeizuresContract {
  static final Address OWNER = Address.parse("0x00000000000000000000000000000000000000e5");
  static final String KEY =
      "137/0x00000000000000000000000000000000000000a1/seize/0x" + "01".repeat(32);

  /** A fresh, empty store. */
  protected abstract PendingSeizures createStore();

  /** A handle on the data of the store {@link #createStore} made last, as after a restart. */
  protected abstract PendingSeizures reopen();

  @Test
  void aPendingSeizureIsTakenOnce() {
    PendingSeizures store = createStore();
    PendingSeizures.Pending seizure =
        new PendingSeizures.Pending(KEY, OWNER, new BigInteger("1234500000000000000000"));

    store.put(seizure);

    assertThat(store.take(KEY)).contains(seizure);
    assertThat(store.take(KEY)).isEmpty();
    assertThat(store.take("137/0xaa/seize/0x02")).isEmpty();
  }

  @Test
  void anAccountHasASeizurePendingUntilItIsTaken() {
    PendingSeizures store = createStore();
    assertThat(store.pendingFor(OWNER)).isFalse();
    store.put(new PendingSeizures.Pending(KEY, OWNER, BigInteger.TEN));
    assertThat(store.pendingFor(OWNER)).isTrue();
    store.take(KEY);
    assertThat(store.pendingFor(OWNER)).isFalse();
  }

  @Test
  void aReopenedStoreStillHasThePendingSeizures() {
    PendingSeizures store = createStore();
    BigInteger huge = BigInteger.TWO.pow(255);
    store.put(new PendingSeizures.Pending(KEY, OWNER, huge));
    store.put(new PendingSeizures.Pending(KEY + "x", OWNER, BigInteger.ONE));
    store.take(KEY + "x");

    PendingSeizures reopened = reopen();

    assertThat(reopened.take(KEY)).contains(new PendingSeizures.Pending(KEY, OWNER, huge));
    assertThat(reopened.take(KEY + "x")).isEmpty();
  }

  @Test
  void concurrentTakesOfOneSeizureHandItOutOnce() throws Exception {
    PendingSeizures store = createStore();
    store.put(new PendingSeizures.Pending(KEY, OWNER, BigInteger.TEN));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Optional<PendingSeizures.Pending>>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(() -> store.take(KEY));
      }
      List<Optional<PendingSeizures.Pending>> taken = new ArrayList<>();
      for (Future<Optional<PendingSeizures.Pending>> f : pool.invokeAll(tasks)) {
        taken.add(f.get());
      }
      assertThat(taken).filteredOn(Optional::isPresent).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
