package io.omnimargin.intent.margin.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Applies each input channel to the engine in arrival order. The engine may write its ledger to
 * Redis, so the consumers run on worker threads, one message at a time per channel ({@code
 * ordered}), never on the event loop. A failing input is nacked (the sender sees the failure) and
 * logged; it does not stop the stream.
 */
@ApplicationScoped
public class MarginInputConsumer {
  private static final Logger LOG = Logger.getLogger(MarginInputConsumer.class);

  private final MarginEngine engine;
  private final MeterRegistry metrics;

  MarginInputConsumer(MarginEngine engine, MeterRegistry metrics) {
    this.engine = engine;
    this.metrics = metrics;
  }

  @Incoming(Channels.PRICE_TICKS)
  @Blocking(ordered = true)
  public CompletionStage<Void> prices(Message<EngineInput.PriceTick> message) {
    return apply(message, "price");
  }

  @Incoming(Channels.COLLATERAL)
  @Blocking(ordered = true)
  public CompletionStage<Void> collateral(Message<EngineInput> message) {
    return apply(message, "collateral");
  }

  @Incoming(Channels.FILLS)
  @Blocking(ordered = true)
  public CompletionStage<Void> fills(Message<EngineInput.Fill> message) {
    return apply(message, "fill");
  }

  @Incoming(Channels.ROUTE_HEALTH)
  @Blocking(ordered = true)
  public CompletionStage<Void> routes(Message<EngineInput.RouteHealth> message) {
    return apply(message, "route");
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
