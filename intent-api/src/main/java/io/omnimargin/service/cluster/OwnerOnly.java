package io.omnimargin.service.cluster;

import io.omnimargin.hub.intent.IntentEvents;
import jakarta.inject.Singleton;

/**
 * Intent listeners that act only where the workflows run: in one process, or on the replica that
 * owns the ledger (from its take-over on). A replica that takes intake itself (a partitioned
 * ledger) hands what it accepts to the owner ({@link IntentHandoff}); its own auction house and
 * withdrawal desk must not act on it too.
 */
@Singleton
public class OwnerOnly {
  private final ClusterPeers peers;
  private final LedgerEpoch epoch;
  private static final int REMEMBERED = 100_000;
  private final java.util.Set<io.omnimargin.protocol.types.OrderId> announced =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.List<IntentEvents> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  OwnerOnly(ClusterPeers peers, LedgerEpoch epoch) {
    this.peers = peers;
    this.epoch = epoch;
  }

  /** {@code listener}, hearing the changes only while this replica runs the workflows. */
  public IntentEvents of(IntentEvents listener) {
    listeners.add(listener);
    return (intent, change) -> {
      if (!peers.cluster() || epoch.owned()) {
        listener.statusChanged(intent, change);
      }
    };
  }

  /**
   * Tells the workflows alone of an intent another replica accepted, unless they were told of it
   * already (a hand-off sent again, or a sweep for stranded intents): answers whether they were
   * told now. Bounded: an intent announced 100,000 intents ago is no longer {@code OPEN}.
   */
  public boolean announceOnce(io.omnimargin.hub.intent.Intent intent) {
    if (announced.size() >= REMEMBERED) {
      announced.clear();
    }
    if (!announced.add(intent.id())) {
      return false;
    }
    announce(intent, intent.history().get(0));
    return true;
  }

  /**
   * Tells the workflows alone of a change another replica stored and announced on its own bus (an
   * intent it accepted): its metrics, logs and account history were written there already.
   */
  public void announce(
      io.omnimargin.hub.intent.Intent intent, io.omnimargin.hub.intent.StatusChange change) {
    for (IntentEvents listener : listeners) {
      listener.statusChanged(intent, change);
    }
  }
}
