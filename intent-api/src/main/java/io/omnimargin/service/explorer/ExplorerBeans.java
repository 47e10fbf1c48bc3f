package io.omnimargin.service.explorer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.hub.history.AccountHistory;
import io.omnimargin.hub.history.AccountHistoryStore;
import io.omnimargin.hub.history.BatchingHistoryStore;
import io.omnimargin.hub.history.InMemoryAccountHistoryStore;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.AccountEventHub;
import io.omnimargin.service.store.RedisAccountHistoryStore;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.store.embedded.EmbeddedStorage;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Accounts' histories: in the embedded store or Redis, with the store the ledger uses (they survive
 * a restart), else in memory (the 10,000 most recently active accounts); written in batches.
 */
@Singleton
public class ExplorerBeans {
  private volatile BatchingHistoryStore writer;

  @Produces
  @Singleton
  AccountHistory accountHistory(
      AccountEventHub events,
      OmnimarginConfig config,
      Instance<EmbeddedStorage> embedded,
      Instance<RedisDataSource> redis,
      ObjectMapper json) {
    AccountHistoryStore store =
        switch (config.store()) {
          case EMBEDDED -> embedded.get().history();
          case REDIS -> {
            RedisDataSource ds = redis.get();
            yield new RedisAccountHistoryStore(
                RedisCommands.over(ds), config.redis().keyPrefix() + "history:", json);
          }
          case IN_MEMORY -> new InMemoryAccountHistoryStore(10_000);
        };
    // written off the margin writer's thread, in batches (a funding settlement is thousands)
    writer = new BatchingHistoryStore(store, 100_000);
    AccountHistory history = new AccountHistory(writer, 50);
    events.listen(history);
    return history;
  }

  // created at start, not at the first page view, so that no event before it is missed
  void start(@Observes StartupEvent start, AccountHistory history) {}

  /** Writes what is still queued before the stores close. */
  @PreDestroy
  void stop() {
    if (writer != null) {
      writer.close();
    }
  }
}
