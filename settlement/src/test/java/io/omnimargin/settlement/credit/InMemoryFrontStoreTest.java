package io.omnimargin.settlement.credit;

class InMemoryFrontStoreTest extends FrontStoreContract {
  private InMemoryFrontStore store;

  @Override
  protected FrontStore createStore() {
    store = new InMemoryFrontStore();
    return store;
  }

  @Override
  protected FrontStore reopen() {
    return store; // one process, one store
  }
}
