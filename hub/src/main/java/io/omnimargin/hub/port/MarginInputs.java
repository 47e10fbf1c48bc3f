package io.omnimargin.hub.port;

import io.omnimargin.margin.engine.EngineInput;
import java.util.concurrent.CompletionStage;

/**
 * The one way into the margin engine for workflows: the service sends each input down its channel,
 * where the engine applies inputs in order on one writer.
 */
public interface MarginInputs {

  /** Sends the input and waits until the engine applied it; answers the accounts re-valued. */
  int apply(EngineInput input);

  /**
   * Sends the input; the answer completes once the engine applied it (with the accounts re-valued)
   * or refused it. For callers that must not hold a thread while the engine works.
   */
  CompletionStage<Integer> applyAsync(EngineInput input);

  /** Sends the input without waiting. */
  void offer(EngineInput input);
}
