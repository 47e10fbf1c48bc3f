package io.omnimargin.margin.ledger;

class InMemoryLedgerStoreTest extends LedgerStoreContract {
  private InMemoryLedgerStore store;

  @Override
  protected LedgerStore createStore() {
    store = new InMemoryLedgerStore();
    return store;
  }

  @Override
  protected LedgerStore reopen() {
    return store; // one process, one store: a restarted engine in it shares the same instance
  }
}
