package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.ledger.LedgerStoreContract;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger contract against a real redis-server started on a free port. */
class RedisLedgerStoreTest extends LedgerStoreContract {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();
  private String prefix;

  @Override
  protected LedgerStore createStore() {
    prefix = LocalRedis.freshPrefix();
    return new RedisLedgerStore(redis.commands(), prefix);
  }

  @Override
  protected LedgerStore reopen() {
    return new RedisLedgerStore(redis.commands(), prefix);
  }

  @Test
  void storesUnderOtherPrefixesAreOtherLedgers() {
    LedgerStore mine = createStore();
    LedgerStore theirs = createStore();
    Account account = Account.empty(Address.parse("0x00000000000000000000000000000000000000c1"));
    theirs.save(account.withCash(BigInteger.ONE));

    assertThat(mine.loadAll()).isEmpty();
    assertThat(reopen().loadAll()).containsExactly(account.withCash(BigInteger.ONE));
  }
}
