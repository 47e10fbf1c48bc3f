package io.omnimargin.hub.intent;

/** What the store did with a requested status change. */
public sealed interface TransitionOutcome {

  /** Applied atomically; {@code intent} carries the new history. */
  record Applied(Intent intent) implements TransitionOutcome {}

  /** The intent was not in an allowed source status; {@code intent} is as it stands. */
  record Refused(Intent intent) implements TransitionOutcome {}

  /** No intent with that id. */
  record NotFound() implements TransitionOutcome {}
}
