package io.omnimargin.hub.intent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Finds intents still {@code OPEN} long after they were accepted: on a partitioned ledger a replica
 * that takes intake hands each intent it accepts to the workflows' owner, and one whose hand-off
 * never arrived (the owner unreachable for all of its retries, or the replica killed with it
 * queued) would otherwise hold its margin with no auction until its {@code openDeadline}. An intent
 * the workflows took leaves {@code OPEN} within moments (its auction opens, its withdrawal is
 * released), so one still open after {@code after} is stranded.
 */
public final class StrandedIntents {
  private final IntentStore store;
  private final Clock clock;
  private final Duration after;
  private final Predicate<Intent> announceOnce;

  /**
   * @param announceOnce tells the workflows of the intent, unless they were told of it already;
   *     answers whether it told them now
   */
  public StrandedIntents(
      IntentStore store, Clock clock, Duration after, Predicate<Intent> announceOnce) {
    this.store = store;
    this.clock = clock;
    this.after = after;
    this.announceOnce = announceOnce;
  }

  private boolean indexed;

  /**
   * Announces every stranded intent; returns how many this call announced. The first sweep first
   * makes every open intent known to the store's index of them, those a version before it accepted
   * included.
   */
  public int sweep() {
    if (!indexed) {
      store.indexOpen();
      indexed = true;
    }
    Instant before = clock.instant().minus(after);
    int announced = 0;
    for (Intent intent : store.openAcceptedBefore(before)) {
      if (announceOnce.test(intent)) {
        announced++;
      }
    }
    return announced;
  }
}
