package io.omnimargin.service.cluster;

import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.cluster.broadcast.BroadcastMarginInputs;
import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.ownership.LedgerOwnership;
import io.omnimargin.hub.auction.SolverFeed;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.store.RedisLedgerOwners;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes this replica the ledger's writer: at once in one process; in a cluster, when the owners'
 * group gives it the ledger. A take-over waits for the broadcast prices, draws a new owner epoch in
 * Redis (fencing the former owner's writes), loads the ledger and the solver registry the former
 * owner wrote, numbers the solver feed past the former owner's events, and only then starts the
 * workflows that write.
 *
 * <p>A replica that loses the ledger while it runs (a pause longer than the session, a lost broker)
 * stops at once: its in-memory state is no longer the ledger, and a restart makes it a plain
 * replica again. Its writes are refused by the fence in any case.
 */
@Singleton
public class LedgerOwner implements LedgerOwnership.Listener {
  private static final Logger LOG = Logger.getLogger(LedgerOwner.class);

  /** Exit status of a replica that lost the ledger: restart it. */
  static final int LOST_LEDGER = 70;

  private final OmnimarginConfig config;
  private final LedgerEpoch epoch;
  private final ClusterPeers peers;
  private final MarginEngine engine;
  private final MarginInputs inputs;
  private final SolverFeed feed;
  private final SolverRegistry solvers;
  private final Event<WriterStarted> writer;
  private final jakarta.enterprise.inject.Instance<PartitionedLedger> partitioned;
  private volatile LedgerOwnership ownership;
  private volatile Optional<OwnerWatch> watch = Optional.empty();
  private volatile boolean stopping;

  LedgerOwner(
      OmnimarginConfig config,
      LedgerEpoch epoch,
      ClusterPeers peers,
      MarginEngine engine,
      MarginInputs inputs,
      SolverFeed feed,
      SolverRegistry solvers,
      Event<WriterStarted> writer,
      jakarta.enterprise.inject.Instance<PartitionedLedger> partitioned) {
    this.config = config;
    this.epoch = epoch;
    this.peers = peers;
    this.engine = engine;
    this.inputs = inputs;
    this.feed = feed;
    this.solvers = solvers;
    this.writer = writer;
    this.partitioned = partitioned;
  }

  /** After every other start-up step: the workflows find their listeners in place. */
  void start(@Observes @Priority(5000) StartupEvent event) {
    if (!peers.cluster()) {
      writer.fire(new WriterStarted(0));
      return;
    }
    OmnimarginConfig.Cluster cluster = config.cluster();
    BroadcastSettings settings = ClusterBeans.settings(cluster, cluster.ledgerTopic());
    // at the very start of a stop (before Quarkus closes the HTTP port): from then on a refused
    // connection or an eviction is this process leaving, not a fault
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopping, "ledger-owner-stopping"));
    ownership = LedgerOwnership.start(settings, peers.member(), cluster.sessionTimeout(), this);
    watch = OwnerWatch.start(peers, epoch, settings, cluster.ownerProbe());
    LOG.infof(
        "cluster mode: replica %s at %s joins the owners of %s as %s",
        peers.replicaId(), peers.advertisedUrl(), cluster.ledgerTopic(), peers.member());
  }

  @Override
  public void acquired() {
    long started = System.nanoTime();
    awaitPrices();
    RedisLedgerOwners owners = peers.owners();
    long taken = owners.takeOver(peers.advertisedUrl(), peers.member());
    epoch.set(taken);
    long loading = System.nanoTime();
    engine.reload();
    solvers.reload();
    feed.advanceTo(taken << 40);
    awaitPartitions();
    long starting = System.nanoTime();
    writer.fire(new WriterStarted(taken));
    epoch.serve();
    long done = System.nanoTime();
    LOG.infof(
        "replica %s owns the ledger at epoch %d in %d ms: %d accounts and the solvers loaded in %d"
            + " ms, workflows (live intents, auctions, settlement) started in %d ms",
        peers.replicaId(),
        taken,
        (done - started) / 1_000_000,
        engine.accountCount(),
        (starting - loading) / 1_000_000,
        (done - starting) / 1_000_000);
  }

  /**
   * On a partitioned ledger, the auctions the workflows resume ask the partitions whether an
   * award's trade is booked: what the former owner produced before it died (a fill) must be applied
   * first, by whichever replica now writes its partition. Waits for that up to the cluster's
   * timeout, and goes on regardless (logged): a partition no replica writes must not hold the
   * workflows back.
   */
  private void awaitPartitions() {
    if (!PartitionedLedger.configured(config)) {
      return;
    }
    long started = System.nanoTime();
    try {
      java.util.Set<Integer> behind = partitioned.get().awaitApplied(config.cluster().timeout());
      if (!behind.isEmpty()) {
        LOG.warnf(
            "ledger partitions %s had not applied their logs within %s; resuming the workflows"
                + " anyway",
            behind, config.cluster().timeout());
      } else {
        LOG.infof(
            "every ledger partition had applied its log %d ms into the take-over",
            (System.nanoTime() - started) / 1_000_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while taking the ledger over", e);
    } catch (RuntimeException e) {
      LOG.warnf("could not tell whether the ledger partitions are applied (%s); going on", e);
    }
  }

  /** A new owner values accounts with the cluster's prices, not with none. */
  private void awaitPrices() {
    try {
      if (ClusterBeans.broadcast(inputs) instanceof BroadcastMarginInputs broadcast
          && !broadcast.awaitCaughtUp(config.cluster().timeout())) {
        throw new IllegalStateException("the broadcast prices did not arrive; not taking over");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while taking the ledger over", e);
    }
  }

  @Override
  public void lost(String why) {
    if (stopping) {
      // its port closed first, so a peer may have evicted it: it is leaving anyway
      LOG.infof("replica %s gave the ledger up while stopping (%s)", peers.replicaId(), why);
      return;
    }
    LOG.errorf(
        "replica %s lost the ledger (%s) at epoch %d; stopping now so that it writes nothing"
            + " more (exit %d: restart it to rejoin)",
        peers.replicaId(), why, epoch.get(), LOST_LEDGER);
    Runtime.getRuntime().halt(LOST_LEDGER);
  }

  private void stopping() {
    stopping = true;
    watch.ifPresent(OwnerWatch::close);
  }

  /** The same, should Quarkus' own shutdown run before the JVM hook above (hooks race). */
  void stopping(@Observes ShutdownEvent event) {
    stopping();
  }

  /** Leaves the owners' group at once: a survivor takes the ledger without waiting a session. */
  @PreDestroy
  void stop() {
    watch.ifPresent(OwnerWatch::close);
    LedgerOwnership current = ownership;
    if (current != null) {
      current.close();
    }
  }
}
