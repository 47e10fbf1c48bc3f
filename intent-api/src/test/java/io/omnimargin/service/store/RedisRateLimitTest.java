package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-user buckets shared by replicas, against a real redis-server. */
class RedisRateLimitTest {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();

  @Test
  void twoReplicasRacingDrawFromOneBucket() throws Exception {
    String prefix = LocalRedis.freshPrefix() + "rate:";
    // two replicas' limiters on the one server, taking from eight threads at once
    RedisRateLimit one = new RedisRateLimit(redis.commands(), prefix, 1, 20);
    RedisRateLimit two = new RedisRateLimit(redis.commands(), prefix, 1, 20);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CyclicBarrier start = new CyclicBarrier(8);
    List<Future<Integer>> allowed = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      RedisRateLimit limit = t % 2 == 0 ? one : two;
      Callable<Integer> taker =
          () -> {
            start.await();
            int took = 0;
            for (int i = 0; i < 10; i++) {
              took += limit.tryAcquire("0xuser", System.nanoTime()) == 0 ? 1 : 0;
            }
            return took;
          };
      allowed.add(threads.submit(taker));
    }
    int total = 0;
    for (Future<Integer> f : allowed) {
      total += f.get();
    }
    threads.shutdown();
    // 80 attempts within well under a second: the burst of 20, plus at most one refilled token
    assertThat(total).isBetween(20, 21);
    assertThat(one.tryAcquire("0xother", System.nanoTime())).as("another user's bucket").isZero();
  }

  @Test
  void aRefusalSaysHowLongToWaitAndTheBucketRefillsAtTheRate() throws Exception {
    RedisRateLimit limit = new RedisRateLimit(redis.commands(), LocalRedis.freshPrefix(), 10, 1);
    assertThat(limit.tryAcquire("u", 0)).isZero();
    long wait = limit.tryAcquire("u", 0);
    assertThat(wait).isBetween(1_000_000L, 100_000_000L); // at most 100 ms at 10 per second
    Thread.sleep(wait / 1_000_000 + 20);
    assertThat(limit.tryAcquire("u", 0)).isZero();
  }
}
