package io.omnimargin.service.wiring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.margin.MarginGate;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Fans status changes out to live subscribers (SSE streams) of each intent and counts them.
 * Delivery is in-process: with several replicas a subscriber sees the changes its replica makes.
 */
@Singleton
public class IntentEventHub implements IntentEvents {
  private static final Logger LOG = Logger.getLogger(IntentEventHub.class);

  private final Map<OrderId, Set<BiConsumer<Intent, StatusChange>>> subscribers =
      new ConcurrentHashMap<>();
  private final Map<IntentStatus, Counter> counters = new EnumMap<>(IntentStatus.class);

  private final MarginGate gate;
  private final List<IntentEvents> listeners = new CopyOnWriteArrayList<>();

  IntentEventHub(MeterRegistry metrics, MarginGate gate) {
    this.gate = gate;
    for (IntentStatus status : IntentStatus.values()) {
      counters.put(status, metrics.counter("omnimargin.intents.status", "status", status.name()));
    }
  }

  @Override
  public void statusChanged(Intent intent, StatusChange change) {
    counters.get(change.status()).increment();
    if (change.status().isTerminal()) {
      gate.release(intent); // cancelled, expired, rejected, failed or filled: margin is free again
    }
    LOG.debugf("intent %s -> %s (%s)", intent.id(), change.status(), change.reason());
    for (IntentEvents listener : listeners) {
      try {
        listener.statusChanged(intent, change);
      } catch (RuntimeException e) {
        LOG.errorf(e, "intent listener %s failed on %s", listener, intent.id());
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
