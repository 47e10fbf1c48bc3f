package io.omnimargin.hub.intent;

import io.omnimargin.protocol.types.OrderId;
import java.time.Clock;
import java.time.Instant;

/** Moves intents that nobody took before their {@code openDeadline} to EXPIRED. */
public final class ExpirySweeper {
  private static final int BATCH = 512;

  private final IntentStore store;
  private final Clock clock;
  private final IntentEvents events;

  public ExpirySweeper(IntentStore store, Clock clock, IntentEvents events) {
    this.store = store;
    this.clock = clock;
    this.events = events;
  }

  /** Expires everything due now; returns how many intents this call expired. */
  public int sweep() {
    Instant now = clock.instant();
    int expired = 0;
    while (true) {
      var due = store.pastOpenDeadline(now.getEpochSecond(), BATCH);
      for (OrderId id : due) {
        StatusChange change = new StatusChange(IntentStatus.EXPIRED, now, "openDeadline passed");
        // Another replica may win the race; a refused transition is simply not ours to announce.
        if (store.transition(id, IntentStatus.NOT_YET_TAKEN, change)
            instanceof TransitionOutcome.Applied applied) {
          events.statusChanged(applied.intent(), change);
          expired++;
        }
      }
      if (due.size() < BATCH) {
        return expired;
      }
    }
  }
}
