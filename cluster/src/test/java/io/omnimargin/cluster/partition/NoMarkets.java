package io.omnimargin.cluster.partition;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** No market inputs in a test whose engines' prices are set when they open: one is an error. */
final class NoMarkets implements MarginInputs {
  @Override
  public int apply(EngineInput input) {
    throw new AssertionError("not a ledger input: " + input);
  }

  @Override
  public CompletionStage<Integer> applyAsync(EngineInput input) {
    return CompletableFuture.failedFuture(new AssertionError("not a ledger input: " + input));
  }

  @Override
  public void offer(EngineInput input) {
    apply(input);
  }
}
