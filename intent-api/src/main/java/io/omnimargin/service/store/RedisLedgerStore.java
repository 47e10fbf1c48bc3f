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
 * AccountJson}) as of the last change, and a mark per trade saved ({@code
 * <prefix>ledger:trade:<intent>}, kept a week) written in the same script as the trade's accounts.
 * In a cluster the store is {@linkplain #fenced fenced}: every write carries the writer's owner
 * epoch and Redis refuses it once another replica has taken the ledger over ({@code
 * <prefix>ledger:epoch}).
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

  /** One script: Redis applies it whole, so all of them or none. */
  @Override
  public void saveAll(Collection<Account> accounts) {
    if (!accounts.isEmpty()) {
      save(accounts, null);
    }
  }

  /** The trade's accounts and its mark in one script. */
  @Override
  public void saveTrade(Collection<Account> accounts, String tradeKey) {
    save(accounts, tradeKey);
  }

  @Override
  public boolean traded(String tradeKey) {
    return redis.execute("EXISTS", List.of(tradeMark(tradeKey))).toLong() == 1;
  }

  private void save(Collection<Account> accounts, String tradeKey) {
    List<String> args = new ArrayList<>(2 * accounts.size() + 2);
    args.add(epoch == null ? "-" : Long.toString(epoch.getAsLong()));
    args.add(tradeKey == null ? "-" : "1");
    for (Account account : accounts) {
      args.add(account.owner().toLowerHex());
      args.add(AccountJson.write(account));
    }
    String mark = tradeMark(tradeKey == null ? "-" : tradeKey);
    try {
      SAVE.run(redis, List.of(key, epochKey, mark), args);
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("FENCED")) {
        throw new FencedWrite(e.getMessage(), e);
      }
      throw e;
    }
  }

  private String tradeMark(String tradeKey) {
    return key + ":trade:" + tradeKey;
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
