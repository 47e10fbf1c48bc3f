package io.omnimargin.margin.ledger;

import io.omnimargin.margin.account.Account;
import java.util.Collection;

/**
 * Durable home of the margin ledger: every account as of its last change. The engine saves an
 * account after each change it applies and loads them all on start-up.
 */
public interface LedgerStore {

  void save(Account account);

  Collection<Account> loadAll();

  /** Keeps nothing: for the pure in-memory engine and benchmarks. */
  LedgerStore NONE =
      new LedgerStore() {
        @Override
        public void save(Account account) {}

        @Override
        public Collection<Account> loadAll() {
          return java.util.List.of();
        }
      };
}
