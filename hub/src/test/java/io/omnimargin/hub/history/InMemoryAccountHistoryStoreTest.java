package io.omnimargin.hub.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryAccountHistoryStoreTest extends AccountHistoryStoreContract {
  private InMemoryAccountHistoryStore store;

  @Override
  protected AccountHistoryStore createStore() {
    store = new InMemoryAccountHistoryStore(10);
    return store;
  }

  @Override
  protected AccountHistoryStore reopen() {
    return store; // one process, one store
  }

  @Test
  void itForgetsTheLeastRecentlyActiveAccountPastItsBound() {
    InMemoryAccountHistoryStore small = new InMemoryAccountHistoryStore(1);
    small.append(entry(A, 1, "a"));
    small.append(entry(B, 2, "b"));
    assertThat(small.of(A, 10)).isEmpty();
    assertThat(small.of(B, 10)).hasSize(1);
  }
}
