package io.omnimargin.service.cluster;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.LedgerStore;
import java.util.Collection;
import java.util.List;

/**
 * The shared ledger as one replica of a cluster sees it: empty until the replica owns the ledger (a
 * replica that does not own it must not value, call or liquidate stale copies of accounts), and
 * written through the fenced store.
 */
public final class OwnedLedgerStore implements LedgerStore {
  private final LedgerStore fenced;
  private final LedgerEpoch epoch;

  public OwnedLedgerStore(LedgerStore fenced, LedgerEpoch epoch) {
    this.fenced = fenced;
    this.epoch = epoch;
  }

  @Override
  public void save(Account account) {
    fenced.save(account);
  }

  @Override
  public void saveAll(Collection<Account> accounts) {
    fenced.saveAll(accounts);
  }

  @Override
  public void saveTrade(Collection<Account> accounts, String tradeKey) {
    fenced.saveTrade(accounts, tradeKey);
  }

  @Override
  public boolean traded(String tradeKey) {
    return fenced.traded(tradeKey);
  }

  @Override
  public Collection<Account> loadAll() {
    return epoch.owned() ? fenced.loadAll() : List.of();
  }
}
