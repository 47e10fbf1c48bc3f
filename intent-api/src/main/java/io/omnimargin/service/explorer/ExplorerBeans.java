package io.omnimargin.service.explorer;

import io.omnimargin.hub.history.AccountHistory;
import io.omnimargin.hub.history.AccountHistoryStore;
import io.omnimargin.hub.history.InMemoryAccountHistoryStore;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.AccountEventHub;
import io.omnimargin.store.embedded.EmbeddedStorage;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Accounts' histories: in the embedded store when {@code omnimargin.store=embedded} (they survive a
 * restart), else in memory (the 10,000 most recently active accounts).
 */
@Singleton
public class ExplorerBeans {
  @Produces
  @Singleton
  AccountHistory accountHistory(
      AccountEventHub events, OmnimarginConfig config, Instance<EmbeddedStorage> embedded) {
    AccountHistoryStore store =
        config.store() == OmnimarginConfig.StoreKind.EMBEDDED
            ? embedded.get().history()
            : new InMemoryAccountHistoryStore(10_000);
    AccountHistory history = new AccountHistory(store, 50);
    events.listen(history);
    return history;
  }

  // created at start, not at the first page view, so that no event before it is missed
  void start(@Observes StartupEvent start, AccountHistory history) {}
}
