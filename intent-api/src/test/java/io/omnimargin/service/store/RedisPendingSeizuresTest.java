package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.settlement.PendingSeizures;
import io.omnimargin.hub.settlement.PendingSeizuresContract;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PendingSeizures contract against a real redis-server; reopening is another store on the same
 * keys. Two replicas taking one seizure at once hand it out once.
 */
class RedisPendingSeizuresTest extends PendingSeizuresContract {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();
  private static final Address DEBTOR = Address.parse("0x00000000000000000000000000000000000000f6");
  private String prefix;

  @Override
  protected PendingSeizures createStore() {
    prefix = LocalRedis.freshPrefix() + "settlement:";
    return new RedisPendingSeizures(redis.commands(), prefix);
  }

  @Override
  protected PendingSeizures reopen() {
    return new RedisPendingSeizures(redis.commands(), prefix);
  }

  @Test
  void twoReplicasTakingOneSeizureTakeItOnce() throws Exception {
    PendingSeizures one = createStore();
    PendingSeizures two = new RedisPendingSeizures(redis.otherClient(), prefix);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 200; round++) {
        String key = "137/0xaa/seize/0x" + round;
        one.put(new PendingSeizures.Pending(key, DEBTOR, BigInteger.valueOf(round)));
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<PendingSeizures.Pending>>> takes = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          PendingSeizures store = t % 2 == 0 ? one : two;
          takes.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    start.await();
                    return store.take(key);
                  }));
        }
        ready.await();
        start.countDown();
        int taken = 0;
        for (Future<Optional<PendingSeizures.Pending>> take : takes) {
          taken += take.get().isPresent() ? 1 : 0;
        }
        assertThat(taken).as(key).isEqualTo(1);
      }
      assertThat(two.pendingFor(DEBTOR)).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }
}
