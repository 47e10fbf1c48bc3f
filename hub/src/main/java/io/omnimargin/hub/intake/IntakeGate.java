package io.omnimargin.hub.intake;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.problem.Refusal;

/**
 * A check an intent must pass before it is stored, holding whatever it reserves until released (the
 * margin engine reserves margin for open intents). Both calls are idempotent per intent.
 */
public interface IntakeGate {

  /**
   * @throws Refusal when the intent must be refused (e.g. {@code insufficient-margin})
   */
  void admit(Intent intent);

  /** Gives back what {@link #admit} reserved; a no-op when nothing is held. */
  void release(Intent intent);

  /**
   * Gives back what {@link #admit} reserved for an intent that was then not stored: a retry of the
   * same intent may be admitted again.
   */
  default void releaseUnstored(Intent intent) {
    release(intent);
  }

  /**
   * Holds again what a live intent had reserved before a restart, without re-checking it: it was
   * admitted then, and today's prices must not silently free its margin.
   */
  void restore(Intent intent);

  /** Admits everything and holds nothing. */
  IntakeGate OPEN =
      new IntakeGate() {
        @Override
        public void admit(Intent intent) {}

        @Override
        public void release(Intent intent) {}

        @Override
        public void restore(Intent intent) {}
      };
}
