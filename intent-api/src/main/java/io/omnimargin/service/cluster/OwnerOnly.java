package io.omnimargin.service.cluster;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.protocol.types.OrderId;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Intent listeners that act only where the workflows run: in one process, or on the replica that
 * owns the ledger (from its take-over on). A replica that takes intake itself (a partitioned
 * ledger) hands what it accepts to the owner ({@link IntentHandoff}); its own auction house and
 * withdrawal desk must not act on it too.
 *
 * <p>While this replica takes the workflows over, the intents it accepts meanwhile (a partitioned
 * ledger's intake goes on) are announced to them once it serves ({@link LedgerEpoch#onServing}).
 */
@Singleton
public class OwnerOnly {
  private final ClusterPeers peers;
  private final LedgerEpoch epoch;
  private static final int REMEMBERED = 100_000;
  private final Set<OrderId> announced = ConcurrentHashMap.newKeySet();
  private final List<IntentEvents> listeners = new CopyOnWriteArrayList<>();

  OwnerOnly(ClusterPeers peers, LedgerEpoch epoch) {
    this.peers = peers;
    this.epoch = epoch;
  }

  /** {@code listener}, hearing the changes only while this replica runs the workflows. */
  public IntentEvents of(IntentEvents listener) {
    listeners.add(listener);
    return (intent, change) -> {
      if (!peers.cluster()) {
        listener.statusChanged(intent, change);
      } else if (epoch.owned() && change.status() == IntentStatus.OPEN) {
        epoch.onServing(() -> listener.statusChanged(intent, change)); // held while taking over
      } else if (epoch.owned()) {
        listener.statusChanged(intent, change);
      }
    };
  }

  /**
   * Tells the workflows alone of an intent another replica accepted, unless they were told of it
   * already (a hand-off sent again, or a sweep for stranded intents): answers whether they were
   * told now. Bounded: an intent announced 100,000 intents ago is no longer {@code OPEN}.
   */
  public boolean announceOnce(Intent intent) {
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
  public void announce(Intent intent, StatusChange change) {
    for (IntentEvents listener : listeners) {
      listener.statusChanged(intent, change);
    }
  }
}
