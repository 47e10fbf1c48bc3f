package io.omnimargin.hub.intent;

import java.time.Instant;
import java.util.Objects;

/** One entry of an intent's history: the status it moved to, when, and why. */
public record StatusChange(IntentStatus status, Instant at, String reason) {
  public StatusChange {
    Objects.requireNonNull(status);
    Objects.requireNonNull(at);
    Objects.requireNonNull(reason);
  }
}
