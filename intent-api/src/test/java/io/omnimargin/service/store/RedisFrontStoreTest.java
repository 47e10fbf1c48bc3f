package io.omnimargin.service.store;

import io.omnimargin.settlement.credit.FrontStore;
import io.omnimargin.settlement.credit.FrontStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The FrontStore contract against a real redis-server; reopening is another store on its keys. */
class RedisFrontStoreTest extends FrontStoreContract {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();
  private String prefix;

  @Override
  protected FrontStore createStore() {
    prefix = LocalRedis.freshPrefix() + "settlement:";
    return new RedisFrontStore(redis.commands(), prefix);
  }

  @Override
  protected FrontStore reopen() {
    return new RedisFrontStore(redis.otherClient(), prefix);
  }
}
