package io.omnimargin.hub.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract through the batching writer, and its batches, reads and back-pressure. */
class BatchingHistoryStoreTest extends AccountHistoryStoreContract {
  private InMemoryAccountHistoryStore behind;
  private BatchingHistoryStore current;

  @Override
  protected AccountHistoryStore createStore() {
    behind = new InMemoryAccountHistoryStore(1_000);
    current = new BatchingHistoryStore(behind, 10);
    return current;
  }

  /** As at a clean shutdown: the old writer finishes its queue, a new one reads what it wrote. */
  @Override
  protected AccountHistoryStore reopen() {
    current.close();
    current = new BatchingHistoryStore(behind, 10);
    return current;
  }

  /** Counts the writes that reach the store, and can hold them back. */
  private static final class SlowStore implements AccountHistoryStore {
    final InMemoryAccountHistoryStore inner = new InMemoryAccountHistoryStore(1_000);
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public void append(HistoryEntry entry) {
      appendAll(List.of(entry));
    }

    @Override
    public void appendAll(List<HistoryEntry> entries) {
      try {
        open.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      batches.add(entries.size());
      entries.forEach(inner::append);
    }

    @Override
    public List<HistoryEntry> of(Address owner, int limit) {
      return inner.of(owner, limit);
    }
  }

  @Test
  void appendsQueuedWhileTheStoreIsSlowAreWrittenInFewBatchesAndReadBack() throws Exception {
    SlowStore slow = new SlowStore();
    try (BatchingHistoryStore store = new BatchingHistoryStore(slow, 5_000)) {
      List<HistoryEntry> appended = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        HistoryEntry e = entry(A, i, "n" + i);
        appended.add(e);
        store.append(e); // never waits for the store while the queue has room
      }
      slow.open.countDown();
      assertThat(store.of(A, 1)).containsExactly(appended.get(2_999)); // the read waits for it
      assertThat(slow.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3_000);
      assertThat(slow.batches.size()).isLessThanOrEqualTo(4); // 1,000 at most per batch
    }
  }
}
