package io.omnimargin.intent.margin;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnimargin.margin.engine.MarginEvent;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/** Margin events: logged, counted, and fanned out to each account's live subscribers. */
@Singleton
public class AccountEventHub implements Consumer<MarginEvent> {
  private static final Logger LOG = Logger.getLogger(AccountEventHub.class);

  private final Map<String, Set<Consumer<MarginEvent>>> subscribers = new ConcurrentHashMap<>();
  private final MeterRegistry metrics;

  AccountEventHub(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public void accept(MarginEvent event) {
    metrics
        .counter("omnimargin.margin.events", "type", event.getClass().getSimpleName())
        .increment();
    LOG.infof("margin %s", event);
    Set<Consumer<MarginEvent>> listeners = subscribers.get(event.owner());
    if (listeners != null) {
      listeners.forEach(listener -> listener.accept(event));
    }
  }

  public Runnable subscribe(String owner, Consumer<MarginEvent> listener) {
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
