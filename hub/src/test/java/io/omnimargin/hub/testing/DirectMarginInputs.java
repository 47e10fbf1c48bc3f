package io.omnimargin.hub.testing;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Inputs applied to the engine at once, on the caller's thread; each is kept for assertions. */
public final class DirectMarginInputs implements MarginInputs {
  private final MarginEngine engine;
  private final List<EngineInput> applied = new ArrayList<>();

  public DirectMarginInputs(MarginEngine engine) {
    this.engine = engine;
  }

  @Override
  public int apply(EngineInput input) {
    applied.add(input);
    return engine.apply(input);
  }

  @Override
  public CompletionStage<Integer> applyAsync(EngineInput input) {
    return CompletableFuture.completedFuture(apply(input));
  }

  @Override
  public void offer(EngineInput input) {
    apply(input);
  }

  /** Every input applied so far, oldest first. */
  public List<EngineInput> applied() {
    return applied;
  }
}
