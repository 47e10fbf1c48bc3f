package io.omnimargin.hub.settlement;

class InMemoryPendingSeizuresTest extends PendingSeizuresContract {
  private InMemoryPendingSeizures store;

  @Override
  protected PendingSeizures createStore() {
    store = new InMemoryPendingSeizures();
    return store;
  }

  @Override
  protected PendingSeizures reopen() {
    return store; // one process, one store
  }
}
