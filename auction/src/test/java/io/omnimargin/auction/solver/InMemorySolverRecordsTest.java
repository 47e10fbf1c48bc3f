package io.omnimargin.auction.solver;

class InMemorySolverRecordsTest extends SolverRecordsContract {
  private InMemorySolverRecords store;

  @Override
  protected SolverRecords createStore() {
    store = new InMemorySolverRecords();
    return store;
  }

  @Override
  protected SolverRecords reopen() {
    return store; // one process, one store: a registry rebuilt in it shares the same instance
  }
}
