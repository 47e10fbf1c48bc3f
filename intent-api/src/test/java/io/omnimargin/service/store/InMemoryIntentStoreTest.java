package io.omnimargin.service.store;

import io.omnimargin.hub.intent.InMemoryIntentStore;
import io.omnimargin.hub.intent.IntentStore;

class InMemoryIntentStoreTest extends IntentStoreContract {
  private InMemoryIntentStore store;

  @Override
  IntentStore createStore() {
    store = new InMemoryIntentStore();
    return store;
  }

  @Override
  IntentStore reopen() {
    return store; // one process, one store: the "other replica" shares the same instance
  }
}
