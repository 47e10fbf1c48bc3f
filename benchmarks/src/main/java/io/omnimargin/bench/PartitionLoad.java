package io.omnimargin.bench;

import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.partition.InMemoryPartitionStore;
import io.omnimargin.cluster.partition.LedgerPartitioner;
import io.omnimargin.cluster.partition.PartitionWriter;
import io.omnimargin.cluster.partition.PartitionedLedgerView;
import io.omnimargin.cluster.partition.SystemShards;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.LedgerSummary;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.testsupport.KafkaBroker;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load on the partitioned ledger's writers (cluster module): a real KRaft broker, {@code writers}
 * writers in this JVM sharing {@code partitions} partitions, trades between random accounts
 * submitted round the writers with {@code inflight} outstanding, each timed from its submission to
 * its owner's answer (sent once committed). The store is the in-memory one: the figures leave out
 * Redis, whose commit is one script per partition per poll. Prints trades/s, the answer's p50/p99
 * and this JVM's CPU per trade (the writers, their Kafka clients and the driver; the broker is
 * another process), then checks that the ledger balances once every leg is delivered.
 *
 * <p>Usage: {@code PartitionLoad partitions=6 writers=2 trades=20000 inflight=256 accounts=1000}
 */
public final class PartitionLoad {
  private PartitionLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BenchArgs.parse(args);
    int partitions = Integer.parseInt(o.getOrDefault("partitions", "6"));
    int writerCount = Integer.parseInt(o.getOrDefault("writers", "2"));
    int trades = Integer.parseInt(o.getOrDefault("trades", "20000"));
    int inflight = Integer.parseInt(o.getOrDefault("inflight", "256"));
    int accountCount = Integer.parseInt(o.getOrDefault("accounts", "1000"));
    LedgerPartitioner partitioner = new LedgerPartitioner(partitions);
    SystemShards shards = new SystemShards(ClearingParameters.defaults());
    InMemoryPartitionStore store = new InMemoryPartitionStore();
    String topic = "ledger-" + UUID.randomUUID();
    try (KafkaBroker broker = KafkaBroker.start()) {
      List<PartitionWriter> writers = new ArrayList<>();
      for (int i = 0; i < writerCount; i++) {
        writers.add(
            PartitionWriter.start(
                new BroadcastSettings(
                    broker.bootstrapServers(), "w" + i, topic, (short) 1, Duration.ofSeconds(5)),
                partitioner,
                shards,
                store,
                "w" + i + "-" + UUID.randomUUID(),
                Duration.ofSeconds(3)));
      }
      awaitAssigned(writers, partitions);
      Random random = new Random(1);
      List<Address> accounts = new ArrayList<>();
      for (int i = 0; i < accountCount; i++) {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        accounts.add(Address.wrap(bytes));
      }
      run("warm-up", writers, accounts, random, trades / 4, inflight, "w");
      run(
          "measured: partitions="
              + partitions
              + " writers="
              + writerCount
              + " inflight="
              + inflight,
          writers,
          accounts,
          random,
          trades,
          inflight,
          "m");
      awaitBalanced(store, partitions);
      writers.forEach(PartitionWriter::close);
    }
  }

  private static void run(
      String label,
      List<PartitionWriter> writers,
      List<Address> accounts,
      Random random,
      int trades,
      int inflight,
      String prefix)
      throws InterruptedException {
    Semaphore window = new Semaphore(inflight);
    long[] latencies = new long[trades];
    AtomicInteger failed = new AtomicInteger();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < trades; i++) {
      window.acquire();
      int n = i;
      long sent = System.nanoTime();
      writers
          .get(i % writers.size())
          .submit(prefix + i, trade(accounts, random))
          .whenComplete(
              (outcome, failure) -> {
                latencies[n] = System.nanoTime() - sent;
                if (failure != null || !"booked".equals(outcome)) {
                  failed.incrementAndGet();
                }
                window.release();
              });
    }
    if (!window.tryAcquire(inflight, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("answers missing after 60 s");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMicrosPerTrade = (os.getProcessCpuTime() - cpuStart) / 1e3 / trades;
    Arrays.sort(latencies);
    System.out.printf(
        "%s: %d trades in %.2f s = %.0f trades/s; answer p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
            + " this JVM's CPU %.0f µs per trade; not booked %d%n",
        label,
        trades,
        seconds,
        trades / seconds,
        latencies[trades / 2] / 1e6,
        latencies[(int) (trades * 0.99)] / 1e6,
        latencies[trades - 1] / 1e6,
        cpuMicrosPerTrade,
        failed.get());
  }

  private static Trade trade(List<Address> accounts, Random random) {
    Address taker = accounts.get(random.nextInt(accounts.size()));
    Address maker;
    do {
      maker = accounts.get(random.nextInt(accounts.size()));
    } while (maker.equals(taker));
    BigInteger tenth = Wad.ONE.divide(BigInteger.TEN);
    return new Trade(
        "ETH-PERP",
        taker,
        maker,
        tenth.multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)),
        Wad.ONE.multiply(BigInteger.valueOf(3_000)),
        BigInteger.ZERO,
        tenth);
  }

  private static void awaitAssigned(List<PartitionWriter> writers, int partitions)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (writers.stream().mapToInt(w -> w.partitions().size()).sum() != partitions
        || writers.stream()
            .anyMatch(w -> w.partitions().isEmpty() && writers.size() <= partitions)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("partitions not assigned within 60 s");
      }
      Thread.sleep(50);
    }
  }

  private static void awaitBalanced(InMemoryPartitionStore store, int partitions)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (store.loadAll(partitions).stream().allMatch(p -> p.outbox().isEmpty())) {
        break;
      }
      Thread.sleep(100);
    }
    LedgerSummary summary =
        PartitionedLedgerView.summary(
            store.loadAll(partitions), new SystemShards(ClearingParameters.defaults()));
    System.out.println(
        "ledger: balanced "
            + summary.balanced()
            + ", imbalance "
            + summary.imbalance()
            + ", open interest "
            + summary.openInterest());
  }
}
