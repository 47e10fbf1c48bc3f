package io.omnimargin.service.margin.stream;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * This process's way into its margin engine: every adapter (HTTP pushes, the Chainlink reader,
 * settlement, fills) sends its input to the input's channel. {@link #apply} waits until the engine
 * has applied it; {@link #offer} does not.
 */
@Singleton
@Typed(ChannelMarginInputs.class) // MarginInputs is produced by ClusterBeans: this, or a broadcast
public class ChannelMarginInputs implements MarginInputs {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject
  @Channel(Channels.PRICE_TICKS)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
  Emitter<EngineInput.PriceTick> prices;

  @Inject
  @Channel(Channels.COLLATERAL)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
  Emitter<EngineInput> collateral; // faucet credits, proven balances, seizure proceeds

  @Inject
  @Channel(Channels.FILLS)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
  Emitter<EngineInput.Fill> fills;

  @Inject
  @Channel(Channels.ROUTE_HEALTH)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 256)
  Emitter<EngineInput> routes; // route health and route scores

  /** Sends the input and waits until the engine applied it; answers the accounts re-valued. */
  @Override
  public int apply(EngineInput input) {
    try {
      return applyAsync(input).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the margin engine applied " + input, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("the margin engine refused " + input, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the margin engine did not apply " + input + " in " + WAIT);
    }
  }

  /**
   * Sends the input; the answer completes once the engine applied it (with the accounts re-valued)
   * or refused it. For callers that must not hold a thread while the engine works.
   */
  @Override
  public CompletionStage<Integer> applyAsync(EngineInput input) {
    Applied applied = new Applied();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    send(
        Message.of(input, Metadata.of(applied))
            .withAck(
                () -> {
                  done.complete(applied.revalued());
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                failure -> {
                  done.completeExceptionally(failure);
                  return CompletableFuture.completedFuture(null);
                }));
    return done;
  }

  /** Sends the input without waiting (pollers, settlement). */
  @Override
  public void offer(EngineInput input) {
    send(Message.of(input, Metadata.of(new Applied())));
  }

  @SuppressWarnings("unchecked")
  private void send(Message<EngineInput> message) {
    EngineInput input = message.getPayload();
    if (input instanceof EngineInput.PriceTick) {
      prices.send((Message<EngineInput.PriceTick>) (Message<?>) message);
    } else if (input instanceof EngineInput.CollateralChange
        || input instanceof EngineInput.CollateralBalance
        || input instanceof EngineInput.Transfer
        || input instanceof EngineInput.Payout) {
      collateral.send(message);
    } else if (input instanceof EngineInput.Fill) {
      fills.send((Message<EngineInput.Fill>) (Message<?>) message);
    } else if (input instanceof EngineInput.RouteHealth || input instanceof EngineInput.RouteRisk) {
      // one channel per route: health and score stay in the order they were sent
      routes.send(message);
    } else {
      throw new IllegalArgumentException("no channel for " + input);
    }
  }
}
