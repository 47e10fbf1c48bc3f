package io.omnimargin.service.store;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.AccountJson;
import io.omnimargin.margin.ledger.LedgerStore;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The margin ledger in one Redis hash, {@code <prefix>ledger}: account → its JSON ({@link
 * AccountJson}) as of the last change.
 */
public final class RedisLedgerStore implements LedgerStore {
  private final RedisCommands redis;
  private final String key;

  public RedisLedgerStore(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.key = prefix + "ledger";
  }

  @Override
  public void save(Account account) {
    redis.execute("HSET", List.of(key, account.owner().toLowerHex(), AccountJson.write(account)));
  }

  /** One HSET: Redis applies a command whole, so all of them or none. */
  @Override
  public void saveAll(Collection<Account> accounts) {
    if (accounts.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(1 + 2 * accounts.size());
    args.add(key);
    for (Account account : accounts) {
      args.add(account.owner().toLowerHex());
      args.add(AccountJson.write(account));
    }
    redis.execute("HSET", args);
  }

  @Override
  public Collection<Account> loadAll() {
    List<Account> accounts = new ArrayList<>();
    Response all = redis.execute("HVALS", List.of(key));
    for (Response value : all) {
      accounts.add(AccountJson.read(value.toString()));
    }
    return accounts;
  }
}
