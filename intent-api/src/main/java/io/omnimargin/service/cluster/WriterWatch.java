package io.omnimargin.service.cluster;

import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.ownership.DeadOwnerDetector;
import io.omnimargin.cluster.ownership.LedgerOwnership;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.service.store.RedisCommands;
import io.vertx.mutiny.redis.client.Response;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * On a partitioned ledger, every replica's watch on the other partition writers: each replica
 * registers its writer's member and address in Redis ({@code <prefix>cluster:writers}), and probes
 * every other one. A writer whose process is gone (its port refuses connections twice in a row,
 * after this replica had reached it: {@link DeadOwnerDetector}) is evicted from the writers' group,
 * so that the survivors take its partitions over now instead of after the group's session timeout.
 * {@link OwnerWatch} does the same for the workflows' owner in the owners' group.
 *
 * <p>Each probe also says in Redis ({@code <prefix>cluster:writer-partitions}) which partitions
 * this replica writes, and reads what the others say into {@link PartitionWriters}, which routes
 * intake.
 */
final class WriterWatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WriterWatch.class);
  // an entry refused this long and never reached is a process gone before this one started
  private static final long STALE_MILLIS = 60_000;

  private final RedisCommands redis;
  private final String key;
  private final String partitionsKey;
  private final String self;
  private final String url;
  private final PartitionWriters directory;
  private final Supplier<Set<Integer>> written;
  private final BroadcastSettings settings;
  private final String group;
  private final int timeoutMillis;
  private final Map<String, Watched> watched = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("ledger-writer-watch"));
  private volatile boolean stopped;

  /** One other writer: its detector, and since when it has been refused without a reach. */
  private static final class Watched {
    final DeadOwnerDetector detector = new DeadOwnerDetector();
    long refusedSince = -1;
    boolean reached;
  }

  private WriterWatch(
      RedisCommands redis,
      String prefix,
      Writer writer,
      BroadcastSettings settings,
      String group,
      Duration interval) {
    this.redis = redis;
    this.key = prefix + "cluster:writers";
    this.partitionsKey = prefix + "cluster:writer-partitions";
    this.self = writer.member();
    this.url = writer.url();
    this.directory = writer.directory();
    this.written = writer.partitions();
    this.settings = settings;
    this.group = group;
    this.timeoutMillis = (int) Math.max(50, interval.toMillis());
  }

  /**
   * This replica's writer: its member, its address, the partitions it writes now, and where what
   * the others write is kept.
   */
  record Writer(
      String member, String url, Supplier<Set<Integer>> partitions, PartitionWriters directory) {}

  /**
   * Registers this replica's writer and probes the others every {@code interval} (none when it is
   * zero: the group's session decides alone, and intake is not routed to the writers).
   */
  static WriterWatch start(
      RedisCommands redis,
      String prefix,
      Writer writer,
      BroadcastSettings settings,
      String group,
      Duration interval) {
    WriterWatch watch = new WriterWatch(redis, prefix, writer, settings, group, interval);
    redis.execute("HSET", List.of(watch.key, writer.member(), writer.url()));
    // at the very start of a stop, as the owners' watch: this process's own connections may then
    // be refused, which must not look like another writer's death
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> watch.stopped = true, "ledger-writer-watch-stopping"));
    if (!interval.isZero() && !interval.isNegative()) {
      watch.timer.scheduleWithFixedDelay(
          watch::probeOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return watch;
  }

  private void probeOnce() {
    try {
      Map<String, String> writers = registered(key);
      tellPartitions(writers.keySet()); // a hint for intake: never in the way of the probes
      watched.keySet().retainAll(writers.keySet());
      writers.forEach(
          (member, url) -> {
            if (!stopped && !member.equals(self)) {
              observe(member, url);
            }
          });
    } catch (RuntimeException e) {
      LOG.warnf("watching the ledger's partition writers: %s", e.toString());
    }
  }

  private void observe(String member, String url) {
    Watched w = watched.computeIfAbsent(member, m -> new Watched());
    DeadOwnerDetector.Probe probe = OwnerWatch.probe(url, timeoutMillis);
    long now = System.currentTimeMillis();
    if (probe == DeadOwnerDetector.Probe.ACCEPTED) {
      w.reached = true;
      w.refusedSince = -1;
    } else if (probe == DeadOwnerDetector.Probe.REFUSED && w.refusedSince < 0) {
      w.refusedSince = now;
    }
    if (w.detector.observe(0, member, probe).isPresent() && !evict(member, url)) {
      w.detector.retry();
    } else if (!w.reached && w.refusedSince >= 0 && now - w.refusedSince > STALE_MILLIS) {
      forget(member); // gone before this replica could reach it: its session ran out long ago
    }
  }

  /** Answers false if the eviction could not be made (to be tried again). */
  private boolean evict(String member, String url) {
    if (stopped) {
      return true;
    }
    LOG.warnf(
        "the ledger partition writer %s refuses connections at %s: its process is gone; evicting"
            + " it from the writers' group so that the survivors take its partitions now",
        member, url);
    try {
      if (!LedgerOwnership.evict(settings, group, member)) {
        LOG.infof("%s had already left the partition writers' group", member);
      }
      forget(member);
      return true;
    } catch (RuntimeException e) {
      LOG.warnf("evicting %s failed (%s); trying again", member, e.getMessage());
      return false;
    }
  }

  private void forget(String member) {
    redis.execute("HDEL", List.of(key, member));
    redis.execute("HDEL", List.of(partitionsKey, member));
    watched.remove(member);
  }

  /**
   * Says which partitions this replica writes, and reads which the registered writers ({@code
   * alive}) say they write: a partition two claim during a rebalance goes to either, which is
   * harmless for a hint.
   */
  private void tellPartitions(Set<String> alive) {
    try {
      StringBuilder mine = new StringBuilder(url).append(' ');
      written.get().forEach(p -> mine.append(p).append(','));
      redis.execute("HSET", List.of(partitionsKey, self, mine.toString()));
      Map<Integer, URI> byPartition = new HashMap<>();
      registered(partitionsKey)
          .forEach(
              (member, said) -> {
                if (alive.contains(member)) {
                  read(member, said, byPartition);
                }
              });
      directory.update(byPartition);
    } catch (RuntimeException e) {
      LOG.debugf("telling and reading which replica writes which partition: %s", e.toString());
    }
  }

  /** One writer's entry, {@code <url> <p>,<p>,...}; one it cannot read is left out. */
  private static void read(String member, String said, Map<Integer, URI> byPartition) {
    try {
      int space = said.indexOf(' ');
      URI at = URI.create(said.substring(0, space));
      for (String p : said.substring(space + 1).split(",")) {
        if (!p.isEmpty()) {
          byPartition.put(Integer.parseInt(p), at);
        }
      }
    } catch (RuntimeException e) {
      LOG.debugf("the partitions %s says it writes cannot be read (%s): %s", member, said, e);
    }
  }

  private Map<String, String> registered(String key) {
    // fields, then their values: arrays in either protocol version, where HGETALL may be a map
    Response fields = redis.execute("HKEYS", List.of(key));
    Map<String, String> writers = new HashMap<>();
    if (fields == null || fields.size() == 0) {
      return writers;
    }
    List<String> names = new java.util.ArrayList<>();
    fields.forEach(f -> names.add(f.toString()));
    List<String> args = new java.util.ArrayList<>(List.of(key));
    args.addAll(names);
    Response urls = redis.execute("HMGET", args);
    for (int i = 0; i < names.size(); i++) {
      if (urls.get(i) != null) {
        writers.put(names.get(i), urls.get(i).toString());
      }
    }
    return writers;
  }

  /**
   * Stops probing and takes this writer off the register: a replica that stops leaves its groups
   * itself. Called as soon as the process starts to stop, when its own connections may be refused.
   */
  @Override
  public void close() {
    stopped = true;
    timer.shutdownNow();
    try {
      redis.execute("HDEL", List.of(key, self));
      redis.execute("HDEL", List.of(partitionsKey, self));
    } catch (RuntimeException e) {
      LOG.debugf("taking %s off the writers' register: %s", self, e.getMessage());
    }
  }
}
