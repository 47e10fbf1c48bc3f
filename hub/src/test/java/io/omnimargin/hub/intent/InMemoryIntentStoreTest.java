package io.omnimargin.hub.intent;

class InMemoryIntentStoreTest extends IntentStoreContract {
  private InMemoryIntentStore store;

  @Override
  protected IntentStore createStore() {
    store = new InMemoryIntentStore();
    return store;
  }

  @Override
  protected IntentStore reopen() {
    return store; // one process, one store: the "other replica" shares the same instance
  }
}
