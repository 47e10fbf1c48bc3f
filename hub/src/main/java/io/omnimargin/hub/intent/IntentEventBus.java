package io.omnimargin.hub.intent;

import io.omnimargin.hub.intake.IntakeGate;
import io.omnimargin.protocol.types.OrderId;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Fans status changes out: a terminal change first frees what the intent held at the gate, then
 * every listener (the auction house, settlement's withdrawal desk, metrics) and every subscriber of
 * that one intent (status streams) hears it. Delivery is in-process: with several replicas a
 * subscriber sees the changes its replica makes.
 */
public final class IntentEventBus implements IntentEvents {
  private static final System.Logger LOG = System.getLogger(IntentEventBus.class.getName());

  private final Map<OrderId, Set<BiConsumer<Intent, StatusChange>>> subscribers =
      new ConcurrentHashMap<>();
  private final IntakeGate gate;
  private final List<IntentEvents> listeners = new CopyOnWriteArrayList<>();

  public IntentEventBus(IntakeGate gate) {
    this.gate = gate;
  }

  @Override
  public void statusChanged(Intent intent, StatusChange change) {
    if (change.status().isTerminal()) {
      gate.release(intent); // cancelled, expired, rejected, failed or filled: margin is free again
    }
    for (IntentEvents listener : listeners) {
      try {
        listener.statusChanged(intent, change);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "intent listener " + listener + " failed on " + intent.id(), e);
      }
    }
    Set<BiConsumer<Intent, StatusChange>> streams = subscribers.get(intent.id());
    if (streams != null) {
      streams.forEach(stream -> stream.accept(intent, change));
    }
  }

  /** Adds a listener to every intent's changes (settlement's withdrawal desk, the auction). */
  public void listen(IntentEvents listener) {
    listeners.add(listener);
  }

  /** Subscribes to one intent's changes; the returned handle unsubscribes. */
  public Runnable subscribe(OrderId id, BiConsumer<Intent, StatusChange> listener) {
    subscribers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(listener);
    return () ->
        subscribers.computeIfPresent(
            id,
            (k, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }
}
