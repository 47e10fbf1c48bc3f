package io.omnimargin.hub.intent;

import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.protocol.types.Address;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The first step of a liquidation: every intent of the account that is not yet taken (open or in
 * auction) is cancelled, so that nothing adds risk while its positions are placed. The engine has
 * freed their reservations already; cancelling also ends their auctions.
 */
public final class LiquidatedIntents implements Consumer<MarginEvent> {
  private static final int PAGE = 100;

  private final IntentStore store;
  private final IntentEvents events;
  private final Clock clock;
  private final Executor executor;

  /**
   * @param executor where the store is called: never on the engine's thread, which publishes the
   *     event while it holds the ledger
   */
  public LiquidatedIntents(IntentStore store, IntentEvents events, Clock clock, Executor executor) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.executor = executor;
  }

  @Override
  public void accept(MarginEvent event) {
    if (event instanceof MarginEvent.LiquidationStarted started) {
      executor.execute(() -> cancel(started.owner(), started.id()));
    }
  }

  private void cancel(Address owner, long liquidation) {
    StatusChange change =
        new StatusChange(
            IntentStatus.CANCELLED,
            clock.instant(),
            "account liquidated (liquidation " + liquidation + ")");
    for (IntentStatus status : IntentStatus.NOT_YET_TAKEN) {
      for (Intent intent : all(owner, status)) {
        if (store.transition(intent.id(), IntentStatus.NOT_YET_TAKEN, change)
            instanceof TransitionOutcome.Applied applied) {
          events.statusChanged(applied.intent(), change);
        }
      }
    }
  }

  private List<Intent> all(Address owner, IntentStatus status) {
    List<Intent> all = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      IntentPage page = store.listByUser(owner, Optional.of(status), cursor, PAGE);
      all.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    return all;
  }
}
