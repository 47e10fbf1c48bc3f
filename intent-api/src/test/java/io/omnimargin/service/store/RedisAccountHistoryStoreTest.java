package io.omnimargin.service.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.hub.history.AccountHistoryStore;
import io.omnimargin.hub.history.AccountHistoryStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account-history contract against a real redis-server. */
class RedisAccountHistoryStoreTest extends AccountHistoryStoreContract {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();
  private String prefix;

  @Override
  protected AccountHistoryStore createStore() {
    prefix = LocalRedis.freshPrefix();
    return reopen();
  }

  @Override
  protected AccountHistoryStore reopen() {
    return new RedisAccountHistoryStore(redis.commands(), prefix, new ObjectMapper());
  }
}
