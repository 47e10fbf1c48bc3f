package io.omnimargin.service.margin.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.service.cluster.PartitionedLedger;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Applies each input channel to the engine in arrival order. The engine may write its ledger to
 * Redis, so inputs are applied off the event loop, on one writer thread per channel: the thread's
 * queue keeps the channel's order. A writer of its own, rather than a blocking dispatch to the
 * shared worker pool per message, matters under load: with every core busy, two thread hand-offs
 * per message held fills to a few hundred a second, while a writer that finds the next message
 * already queued goes straight on. A failing input is nacked (the sender sees the failure) and
 * logged; it does not stop the stream.
 */
@ApplicationScoped
public class MarginInputConsumer {
  private static final Logger LOG = Logger.getLogger(MarginInputConsumer.class);

  private final MarginEngine engine;
  private final MeterRegistry metrics;
  private final RiskMonitor risk;
  private final PartitionedLedger partitioned;

  private final Map<String, ExecutorService> writers = new ConcurrentHashMap<>();

  MarginInputConsumer(
      MarginEngine engine, MeterRegistry metrics, RiskMonitor risk, PartitionedLedger partitioned) {
    this.engine = engine;
    this.partitioned = partitioned;
    this.metrics = metrics;
    this.risk = risk;
  }

  @PreDestroy
  void stop() {
    writers.values().forEach(ExecutorService::shutdown);
  }

  @Incoming(Channels.PRICE_TICKS)
  public CompletionStage<Void> prices(Message<EngineInput.PriceTick> message) {
    return onWriter(message, "price");
  }

  @Incoming(Channels.COLLATERAL)
  public CompletionStage<Void> collateral(Message<EngineInput> message) {
    return onWriter(message, "collateral");
  }

  @Incoming(Channels.FILLS)
  public CompletionStage<Void> fills(Message<EngineInput.Fill> message) {
    return onWriter(message, "fill");
  }

  @Incoming(Channels.ROUTE_HEALTH)
  public CompletionStage<Void> routes(Message<EngineInput> message) {
    return onWriter(message, "route");
  }

  private CompletionStage<Void> onWriter(Message<? extends EngineInput> message, String kind) {
    ExecutorService writer =
        writers.computeIfAbsent(
            kind,
            k -> Executors.newSingleThreadExecutor(NamedThreads.daemon("margin-writer-" + k)));
    return CompletableFuture.supplyAsync(() -> apply(message, kind), writer)
        .thenCompose(done -> done);
  }

  // Never throws: an exception escaping a consumer would cancel the channel's subscription.
  private CompletionStage<Void> apply(Message<? extends EngineInput> message, String kind) {
    try {
      Object payload = message.getPayload();
      if (payload instanceof EngineInput.RouteHealth health) {
        LOG.infof(
            "route %d %s: %s", health.chainId(), health.live() ? "live" : "DOWN", health.reason());
      }
      int revalued = engine.apply((EngineInput) payload);
      if (payload instanceof EngineInput.PriceTick
          || payload instanceof EngineInput.RouteHealth
          || payload instanceof EngineInput.RouteRisk) {
        partitioned.market((EngineInput) payload); // the partitions' engines see what this one saw
      }
      if (payload instanceof EngineInput.PriceTick tick) {
        risk.priceChanged(tick.asset()); // the return series follows the engine's price
      }
      message.getMetadata(Applied.class).ifPresent(a -> a.revalued(revalued));
      metrics.counter("omnimargin.margin.inputs", "kind", kind).increment();
      metrics.counter("omnimargin.margin.revaluations", "kind", kind).increment(revalued);
      return message.ack();
    } catch (RuntimeException e) {
      LOG.errorf(e, "margin input refused: %s", message.getPayload());
      metrics.counter("omnimargin.margin.inputs.failed", "kind", kind).increment();
      return message.nack(e);
    }
  }
}
