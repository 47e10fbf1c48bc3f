package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Announcements held while a replica takes the workflows over, told once it serves. */
class LedgerEpochServingTest {

  @Test
  void nothingRunsBeforeServingAndWhatWasHeldRunsInOrderThen() {
    LedgerEpoch held = new LedgerEpoch();
    List<Integer> ran = new ArrayList<>();
    held.onServing(() -> ran.add(1));
    held.onServing(() -> ran.add(2));
    assertThat(ran).isEmpty();
    assertThat(held.held()).isEqualTo(2);

    held.serve();
    held.onServing(() -> ran.add(3));

    assertThat(ran).containsExactly(1, 2, 3);
    assertThat(held.held()).isZero();
  }

  @Test
  void aDeliveryThatFailsDoesNotLoseTheOthersHeldWithIt() {
    LedgerEpoch held = new LedgerEpoch();
    List<Integer> ran = new ArrayList<>();
    held.onServing(() -> ran.add(1));
    held.onServing(
        () -> {
          throw new IllegalStateException("a workflow refused it");
        });
    held.onServing(() -> ran.add(3));

    held.serve();

    assertThat(ran).containsExactly(1, 3);
  }

  /** Four threads deliver while the take-over completes: each delivery runs once, none early. */
  @RepeatedTest(20)
  void deliveriesRacingTheStartOfServingRunExactlyOnce() throws Exception {
    LedgerEpoch held = new LedgerEpoch();
    AtomicBoolean serving = new AtomicBoolean();
    AtomicInteger early = new AtomicInteger();
    ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    int threads = 4;
    int each = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      Thread sender =
          new Thread(
              () -> {
                await(start);
                for (int i = 0; i < each; i++) {
                  int id = base + i;
                  held.onServing(
                      () -> {
                        if (!serving.get()) {
                          early.incrementAndGet();
                        }
                        runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                      });
                }
              });
      sender.start();
      senders.add(sender);
    }
    start.countDown();
    while (held.held() < threads * each / 4) {
      Thread.onSpinWait(); // serve once about a quarter is held, the rest racing it
    }
    serving.set(true);
    held.serve();
    for (Thread sender : senders) {
      sender.join();
    }

    assertThat(early).as("deliveries run before serving").hasValue(0);
    assertThat(runs).hasSize(threads * each);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
