package io.omnimargin.service.web;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEventBus;
import io.omnimargin.hub.intent.IntentStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.inject.Singleton;

/**
 * Builds an intent's live status stream: its history so far, then each new change, ending after a
 * terminal status. Subscribes before reading the snapshot and skips what was already sent by
 * history index, so no change falls between the two.
 */
@Singleton
public class IntentStreams {
  private final IntentStore store;
  private final IntentEventBus hub;

  IntentStreams(IntentStore store, IntentEventBus hub) {
    this.store = store;
    this.hub = hub;
  }

  /**
   * The stream is subscribed to on the HTTP event loop; its first step reads the store, which may
   * block (Redis, SQLite), so the subscription moves to a worker thread.
   */
  Multi<StatusEvent> stream(Intent initial) {
    return Multi.createFrom()
        .<StatusEvent>emitter(emitter -> new Forwarder(emitter).start(initial))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private final class Forwarder {
    private final MultiEmitter<? super StatusEvent> emitter;
    private int sent = 0;

    Forwarder(MultiEmitter<? super StatusEvent> emitter) {
      this.emitter = emitter;
    }

    void start(Intent initial) {
      Runnable unsubscribe = hub.subscribe(initial.id(), (intent, change) -> forward(intent));
      emitter.onTermination(unsubscribe);
      forward(store.find(initial.id()).orElse(initial));
    }

    private synchronized void forward(Intent intent) {
      while (sent < intent.history().size() && !emitter.isCancelled()) {
        emitter.emit(StatusEvent.of(intent, sent++));
      }
      if (intent.status().isTerminal()) {
        emitter.complete();
      }
    }
  }
}
