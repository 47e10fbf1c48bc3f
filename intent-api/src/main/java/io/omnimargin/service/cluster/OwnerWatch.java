package io.omnimargin.service.cluster;

import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.ownership.DeadOwnerDetector;
import io.omnimargin.cluster.ownership.DeadOwnerDetector.Probe;
import io.omnimargin.cluster.ownership.LedgerOwnership;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.service.store.RedisLedgerOwners;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A follower's watch on the ledger's owner: probes the owner's address and, when {@link
 * DeadOwnerDetector} finds its process gone, evicts it from the owners' group so that a survivor
 * takes the ledger over now instead of after the session timeout.
 */
final class OwnerWatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OwnerWatch.class);

  private final ClusterPeers peers;
  private final LedgerEpoch epoch;
  private final BroadcastSettings settings;
  private final int timeoutMillis;
  private final DeadOwnerDetector detector = new DeadOwnerDetector();
  private volatile boolean stopped;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("ledger-owner-watch"));

  private OwnerWatch(
      ClusterPeers peers, LedgerEpoch epoch, BroadcastSettings settings, Duration interval) {
    this.peers = peers;
    this.epoch = epoch;
    this.settings = settings;
    this.timeoutMillis = (int) Math.max(50, interval.toMillis());
  }

  /**
   * Probes every {@code interval}; none when it is zero. On a partitioned ledger the owner's
   * partition writer is watched as every writer is, by {@link WriterWatch}.
   */
  static Optional<OwnerWatch> start(
      ClusterPeers peers, LedgerEpoch epoch, BroadcastSettings settings, Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      return Optional.empty();
    }
    OwnerWatch watch = new OwnerWatch(peers, epoch, settings, interval);
    watch.timer.scheduleWithFixedDelay(
        watch::probeOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.of(watch);
  }

  private void probeOnce() {
    try {
      Optional<RedisLedgerOwners.Owner> owner = peers.owner();
      if (stopped
          || epoch.owned()
          || owner.isEmpty()
          || owner.get().member().equals(peers.member())) {
        return;
      }
      RedisLedgerOwners.Owner o = owner.get();
      if (detector.observe(o.epoch(), o.member(), probe(o.url())).isPresent() && !evict(o)) {
        detector.retry(); // the broker did not answer: the next probes try again
      }
    } catch (RuntimeException e) {
      LOG.warnf("watching the ledger's owner: %s", e.toString());
    }
  }

  /** Answers false if the eviction could not be made (to be tried again). */
  private boolean evict(RedisLedgerOwners.Owner dead) {
    if (stopped) {
      return true; // this process is stopping: what it sees is its own leaving
    }
    LOG.warnf(
        "the ledger's owner %s (epoch %d) refuses connections at %s: its process is gone;"
            + " evicting it from the owners' group so that a survivor takes the ledger now",
        dead.member(), dead.epoch(), dead.url());
    try {
      if (!LedgerOwnership.evict(settings, dead.member())) {
        LOG.infof("%s had already left the owners' group", dead.member());
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warnf("evicting %s failed (%s); trying again", dead.member(), e.getMessage());
      return false;
    }
  }

  private Probe probe(String url) {
    return probe(url, timeoutMillis);
  }

  /** Whether anything takes a connection at {@code url}'s host and port now. */
  static Probe probe(String url, int timeoutMillis) {
    URI uri = URI.create(url);
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
      return Probe.ACCEPTED;
    } catch (ConnectException refused) {
      // "Connection refused": nothing listens there; a timeout is a SocketTimeoutException
      return refused.getMessage() != null && refused.getMessage().contains("refused")
          ? Probe.REFUSED
          : Probe.NO_ANSWER;
    } catch (IOException silent) {
      return Probe.NO_ANSWER;
    }
  }

  /**
   * Stops probing. Called as soon as this process starts to stop: its own outbound connections may
   * then be refused (a service mesh's proxy exiting first), which must not look like the owner's
   * death.
   */
  @Override
  public void close() {
    stopped = true;
    timer.shutdownNow();
  }
}
