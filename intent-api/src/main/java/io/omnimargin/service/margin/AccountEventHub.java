package io.omnimargin.service.margin;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.margin.stream.Channels;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the {@code margin-events} channel: logs and counts every event and fans the staged ones
 * (calls, deleverage steps, liquidations, recoveries) out to each account's live subscribers.
 */
@Singleton
public class AccountEventHub implements Consumer<MarginEvent> {
  private static final Logger LOG = Logger.getLogger(AccountEventHub.class);

  private final Map<Address, Set<Consumer<MarginEvent>>> subscribers = new ConcurrentHashMap<>();
  private final MeterRegistry metrics;
  private final java.util.List<Consumer<MarginEvent>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  AccountEventHub(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  @Incoming(Channels.MARGIN_EVENTS)
  public void accept(MarginEvent event) {
    metrics
        .counter("omnimargin.margin.events", "type", event.getClass().getSimpleName())
        .increment();
    for (Consumer<MarginEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.errorf(e, "margin event listener %s failed on %s", listener, event);
      }
    }
    if (event instanceof MarginEvent.Valued) {
      LOG.debugf("margin %s", event);
      return;
    }
    LOG.infof("margin %s", event);
    Set<Consumer<MarginEvent>> listeners = subscribers.get(event.owner());
    if (listeners != null) {
      listeners.forEach(listener -> listener.accept(event));
    }
  }

  /** Adds a listener to every account's events (settlement's seizure desk). */
  public void listen(Consumer<MarginEvent> listener) {
    listeners.add(listener);
  }

  public Runnable subscribe(Address owner, Consumer<MarginEvent> listener) {
    subscribers.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet()).add(listener);
    return () ->
        subscribers.computeIfPresent(
            owner,
            (k, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }
}
