package io.omnimargin.cluster.broadcast;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The margin inputs of a replica in a cluster: price ticks and route health go through the
 * broadcast log to every replica (this one included, in the log's order); every other input is this
 * replica's own and goes straight to its engine.
 */
public final class BroadcastMarginInputs implements MarginInputs, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BroadcastMarginInputs.class.getName());
  private final MarginInputs local;
  private final BroadcastLog log;
  private final Duration timeout;

  private BroadcastMarginInputs(MarginInputs local, BroadcastSettings settings) {
    this.local = local;
    this.timeout = settings.timeout();
    this.log =
        BroadcastLog.start(settings, (key, value) -> local.apply(BroadcastCodec.decode(value)));
  }

  /**
   * Starts reading the broadcast log into {@code local}; the caller waits for {@link #caughtUp}.
   */
  public static BroadcastMarginInputs start(MarginInputs local, BroadcastSettings settings) {
    return new BroadcastMarginInputs(local, settings);
  }

  /** True once the broadcast state present at start-up (prices, routes) is applied here. */
  public boolean caughtUp() {
    return log.caughtUp();
  }

  public boolean awaitCaughtUp(Duration limit) throws InterruptedException {
    return log.awaitCaughtUp(limit);
  }

  @Override
  public int apply(EngineInput input) {
    if (!BroadcastCodec.isBroadcast(input)) {
      return local.apply(input);
    }
    try {
      return publish(input).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while broadcasting " + input, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("broadcast of " + input + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("broadcast of " + input + " not applied in " + timeout, e);
    }
  }

  @Override
  public CompletionStage<Integer> applyAsync(EngineInput input) {
    return BroadcastCodec.isBroadcast(input) ? publish(input) : local.applyAsync(input);
  }

  @Override
  public void offer(EngineInput input) {
    if (BroadcastCodec.isBroadcast(input)) {
      publish(input)
          .whenComplete(
              (count, failure) -> {
                if (failure != null) {
                  LOG.log(Level.WARNING, "broadcast of " + input + " failed: " + failure);
                }
              });
    } else {
      local.offer(input);
    }
  }

  private CompletionStage<Integer> publish(EngineInput input) {
    return log.publish(BroadcastCodec.key(input), BroadcastCodec.encode(input));
  }

  @Override
  public void close() {
    log.close();
  }
}
