package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.settlement.credit.SettlementJournal;
import io.omnimargin.settlement.credit.SettlementJournalContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SettlementJournal contract against a real redis-server; reopening is another journal on the
 * same keys. Two replicas racing to record one event record it once.
 */
class RedisSettlementJournalTest extends SettlementJournalContract {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();
  private String prefix;

  @Override
  protected SettlementJournal createJournal() {
    prefix = LocalRedis.freshPrefix() + "settlement:";
    return new RedisSettlementJournal(redis.commands(), prefix);
  }

  @Override
  protected SettlementJournal reopen() {
    return new RedisSettlementJournal(redis.commands(), prefix);
  }

  @Test
  void twoReplicasRacingToRecordOneEventRecordItOnce() throws Exception {
    createJournal();
    // two replicas, each with its own client, four threads each, released together per event
    SettlementJournal one = new RedisSettlementJournal(redis.commands(), prefix);
    SettlementJournal two = new RedisSettlementJournal(redis.otherClient(), prefix);
    int threads = 8;
    int rounds = 300;
    int[] winsByReplica = new int[2];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        String event = "137/0xaa/" + round;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> attempts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          SettlementJournal journal = t % 2 == 0 ? one : two;
          String outcome = "applied@" + t;
          attempts.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    start.await();
                    return journal.record(event, outcome) ? outcome : null;
                  }));
        }
        ready.await();
        start.countDown();
        List<String> won = new ArrayList<>();
        for (Future<String> attempt : attempts) {
          won.add(attempt.get());
        }
        List<String> winners = won.stream().filter(Objects::nonNull).toList();
        assertThat(winners).as(event).hasSize(1);
        assertThat(one.outcome(event)).as(event).contains(winners.get(0));
        assertThat(two.outcome(event)).as(event).contains(winners.get(0));
        winsByReplica[won.indexOf(winners.get(0)) % 2]++;
      }
    } finally {
      pool.shutdownNow();
    }
    // both replicas won some events: the threads did race
    assertThat(winsByReplica[0]).isPositive();
    assertThat(winsByReplica[1]).isPositive();
  }
}
