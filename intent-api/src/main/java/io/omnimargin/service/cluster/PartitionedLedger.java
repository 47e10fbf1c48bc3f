package io.omnimargin.service.cluster;

import io.omnimargin.cluster.partition.LedgerPartitioner;
import io.omnimargin.cluster.partition.PartitionEngines;
import io.omnimargin.cluster.partition.PartitionStore;
import io.omnimargin.cluster.partition.PartitionWriter;
import io.omnimargin.cluster.partition.PartitionedLedgerView;
import io.omnimargin.cluster.partition.StoredAccounts;
import io.omnimargin.cluster.partition.SystemShards;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.LedgerSummary;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.Route;
import io.omnimargin.margin.risk.adaptive.AdaptiveParameters;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.MarginBeans;
import io.omnimargin.service.margin.stream.MarginEventPublisher;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.service.store.RedisPartitionStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * This replica's part of a partitioned ledger ({@code omnimargin.cluster.ledger=partitioned}): the
 * writer of the partitions its consumer group assigns it, over Redis, each partition's accounts in
 * an engine of its own that the broadcast prices and routes reach as they reach the replica's
 * market engine. Off (single writer, or one process) it holds nothing and {@link #on()} is false.
 */
@Singleton
public class PartitionedLedger {
  private static final Logger LOG = Logger.getLogger(PartitionedLedger.class);

  private final boolean on;
  private final LedgerPartitioner partitioner;
  private final SystemShards shards;
  private final PartitionStore store;
  private final PartitionWriter writer;
  private final io.omnimargin.cluster.broadcast.BroadcastSettings accounts; // the accounts topic
  private final WriterWatch watch; // this replica's probes of the other writers
  // engines opened and not yet written (a partition being taken over), with when they opened:
  // ticks reach them as they reach the engines the writer holds, and none falls between
  private final java.util.Map<MarginEngine, Long> opening = new java.util.IdentityHashMap<>();
  private static final long OPENING_NANOS = 60_000_000_000L;

  PartitionedLedger(
      OmnimarginConfig config,
      Instance<RedisDataSource> redis,
      Valuator valuator,
      Clock clock,
      MarginEventPublisher events,
      AdaptiveParameters adaptive,
      MarginEngine market,
      ClusterPeers peers,
      PartitionWriters directory,
      LiquidationRelay relay) { // listening before the writer starts: no liquidation goes unheard
    OmnimarginConfig.Cluster cluster = config.cluster();
    this.on = configured(config);
    this.shards = new SystemShards(market.clearing());
    this.partitioner =
        new LedgerPartitioner(Math.max(1, cluster.ledgerPartitions())).withSystem(shards);
    if (!on) {
      this.store = null;
      this.writer = null;
      this.accounts = null;
      this.watch = null;
      return;
    }
    RedisCommands commands = RedisCommands.over(redis.get());
    this.store = new RedisPartitionStore(commands, config.redis().keyPrefix());
    PartitionEngines engines =
        new PartitionEngines() {
          @Override
          public MarginEngine open(int partition, ClearingParameters clearing, LedgerStore ledger) {
            return open(partition, clearing, ledger, 0);
          }

          @Override
          public MarginEngine open(
              int partition, ClearingParameters clearing, LedgerStore ledger, long numbered) {
            // buffers of its own, following the market engine's: σ measured once per replica
            MarginEngine engine =
                MarginBeans.engine(
                    new Valuator(valuator.config()), clock, events, ledger, clearing, adaptive);
            // its liquidations go to the owner's desk, or are completed here if none does; they
            // are numbered before its first price, which may start one
            engine.useLiquidationDesk(true);
            engine.numberLiquidationsAfter(numbered);
            synchronized (opening) { // no market input between its copy of the market and its first
              engine.followBuffersOf(valuator);
              seed(engine, market, valuator);
              opening.put(engine, System.nanoTime());
            }
            return engine;
          }
        };
    this.accounts = ClusterBeans.settings(cluster, cluster.ledgerTopic() + ".accounts");
    String member = writerMember(peers);
    this.writer =
        PartitionWriter.start(
            accounts,
            new PartitionWriter.Ledger(
                partitioner, shards, store, engines, cluster.localCommands()),
            member,
            cluster.sessionTimeout());
    this.watch =
        WriterWatch.start(
            commands,
            config.redis().keyPrefix(),
            new WriterWatch.Writer(member, peers.advertisedUrl(), writer::partitions, directory),
            accounts,
            PartitionWriter.group(accounts.topic()),
            cluster.ownerProbe());
    LOG.infof(
        "partitioned ledger: %d partitions on topic %s.accounts, written as they are assigned",
        partitioner.partitions(), cluster.ledgerTopic());
  }

  /**
   * This process's member in the partition writers' group: its owners' member, drawn at start, so
   * that a survivor that finds a writer gone evicts exactly that process ({@link WriterWatch}), and
   * a replica restarted under the same id joins as a new member.
   */
  static String writerMember(ClusterPeers peers) {
    return peers.member() + "-accounts";
  }

  /** Whether the configuration asks for a partitioned ledger (cluster mode only). */
  public static boolean configured(OmnimarginConfig config) {
    return config.cluster().kafkaBootstrapServers().isPresent()
        && config.cluster().ledger() == OmnimarginConfig.LedgerMode.PARTITIONED;
  }

  /** A new partition engine starts from the market engine's prices and routes. */
  private static void seed(MarginEngine engine, MarginEngine market, Valuator valuator) {
    for (AssetSpec asset : valuator.config().assets()) {
      market.price(asset.symbol()).ifPresent(p -> engine.onPrice(asset.symbol(), p));
    }
    for (Route route : valuator.config().routes()) {
      if (!market.routeLive(route.chainId())) {
        engine.onRouteHealth(route.chainId(), false);
      }
    }
  }

  /**
   * Waits until every partition has applied its log as far as it reached now (a partition whose
   * writer died is applied once a survivor takes it over); answers the partitions still behind
   * after {@code timeout}.
   */
  public Set<Integer> awaitApplied(java.time.Duration timeout) throws InterruptedException {
    return io.omnimargin.cluster.partition.LogCatchUp.await(
        accounts, store, partitioner.partitions(), timeout);
  }

  /** Whether the ledger is partitioned here. */
  public boolean on() {
    return on;
  }

  public LedgerPartitioner partitioner() {
    return partitioner;
  }

  public SystemShards shards() {
    return shards;
  }

  /** The store of the partitions (present when {@link #on()}). */
  public PartitionStore store() {
    return require(store);
  }

  /** This replica's writer (present when {@link #on()}). */
  public PartitionWriter writer() {
    return require(writer);
  }

  /** The partitions this replica writes now (none when off). */
  public Set<Integer> partitions() {
    return on ? writer.partitions() : Set.of();
  }

  /**
   * Gives a market input (a price tick, a route's health or risk) to the engine of every partition
   * this replica writes, as the market engine was given it.
   */
  public void market(EngineInput input) {
    if (!on) {
      return;
    }
    synchronized (opening) {
      Set<MarginEngine> engines =
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (int p : writer.partitions()) {
        writer.engine(p).ifPresent(engines::add);
      }
      long now = System.nanoTime();
      // once written, or if never taken (a take-over that failed), no longer "opening"
      opening
          .entrySet()
          .removeIf(e -> engines.contains(e.getKey()) || now - e.getValue() > OPENING_NANOS);
      engines.addAll(opening.keySet());
      for (MarginEngine engine : engines) {
        try {
          engine.apply(input);
        } catch (RuntimeException e) {
          // one partition's failure must not keep the input from the others
          LOG.errorf(e, "a partition engine refused the market input %s", input);
        }
      }
    }
  }

  /** The whole ledger, read from the store at one instant, legs in flight included. */
  public LedgerSummary summary() {
    return PartitionedLedgerView.summary(store().ledger(partitioner.partitions()), shards);
  }

  /** What the risk monitor scans: the stored accounts of every partition. */
  public RiskMonitor.Accounts riskAccounts(MarginEngine market, MarginBook book) {
    return new StoredAccounts(store(), partitioner.partitions(), shards, market, book);
  }

  /** The system role of an account (a shard's role), if it is one. */
  public Optional<SystemShards.Role> role(Address account) {
    return shards.roleOfShard(account);
  }

  void stop(@Observes ShutdownEvent event) {
    if (watch != null) {
      watch.close();
    }
    if (writer != null) {
      writer.close();
    }
  }

  private <T> T require(T part) {
    if (part == null) {
      throw new IllegalStateException("the ledger is not partitioned here");
    }
    return part;
  }
}
