package io.omnimargin.service.store;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.AccountJson;
import io.omnimargin.margin.ledger.LedgerStore;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The margin ledger in one Redis hash, {@code <prefix>ledger}: account → its JSON ({@link
 * AccountJson}) as of the last change. In a cluster the store is {@linkplain #fenced fenced}: every
 * write carries the writer's owner epoch and Redis refuses it once another replica has taken the
 * ledger over ({@code <prefix>ledger:epoch}).
 */
public final class RedisLedgerStore implements LedgerStore {
  private static final LuaScript SAVE = LuaScript.load("ledger-save.lua");

  private final RedisCommands redis;
  private final String key;
  private final String epochKey;
  private final LongSupplier epoch; // null: one process, unfenced

  public RedisLedgerStore(RedisCommands redis, String prefix) {
    this(redis, prefix, null);
  }

  private RedisLedgerStore(RedisCommands redis, String prefix, LongSupplier epoch) {
    this.redis = redis;
    this.key = prefix + "ledger";
    this.epochKey = prefix + "ledger:epoch";
    this.epoch = epoch;
  }

  /**
   * The same ledger, written only while {@code epoch} is the current owner epoch; a write after
   * another replica took over throws {@link FencedWrite} and changes nothing.
   */
  public static RedisLedgerStore fenced(RedisCommands redis, String prefix, LongSupplier epoch) {
    return new RedisLedgerStore(redis, prefix, epoch);
  }

  /** A write refused because this replica no longer owns the ledger. */
  public static final class FencedWrite extends IllegalStateException {
    FencedWrite(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public void save(Account account) {
    saveAll(List.of(account));
  }

  /** One command or one script: Redis applies either whole, so all of them or none. */
  @Override
  public void saveAll(Collection<Account> accounts) {
    if (accounts.isEmpty()) {
      return;
    }
    List<String> pairs = new ArrayList<>(2 * accounts.size() + 1);
    for (Account account : accounts) {
      pairs.add(account.owner().toLowerHex());
      pairs.add(AccountJson.write(account));
    }
    if (epoch == null) {
      pairs.add(0, key);
      redis.execute("HSET", pairs);
      return;
    }
    pairs.add(0, Long.toString(epoch.getAsLong()));
    try {
      SAVE.run(redis, List.of(key, epochKey), pairs);
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("FENCED")) {
        throw new FencedWrite(e.getMessage(), e);
      }
      throw e;
    }
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
