package io.omnimargin.margin.ledger;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts kept in this process: the embedded default, gone when the process stops. */
public final class InMemoryLedgerStore implements LedgerStore {
  private final Map<Address, Account> accounts = new ConcurrentHashMap<>();
  private final java.util.Set<String> trades = ConcurrentHashMap.newKeySet();

  @Override
  public void save(Account account) {
    accounts.put(account.owner(), account);
  }

  @Override
  public void saveTrade(Collection<Account> changed, String tradeKey) {
    saveAll(changed);
    trades.add(tradeKey);
  }

  @Override
  public boolean traded(String tradeKey) {
    return trades.contains(tradeKey);
  }

  @Override
  public Collection<Account> loadAll() {
    return List.copyOf(accounts.values());
  }
}
