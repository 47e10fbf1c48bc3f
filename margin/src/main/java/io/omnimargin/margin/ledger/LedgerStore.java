package io.omnimargin.margin.ledger;

import io.omnimargin.margin.account.Account;
import java.util.Collection;

/**
 * Durable home of the margin ledger: every account as of its last change. The engine saves an
 * account after each change it applies and loads them all on start-up.
 */
public interface LedgerStore {

  void save(Account account);

  /**
   * Saves the accounts one operation changed (a trade's two sides, a liquidation's steps, a funding
   * settlement) together: all or none where the store can (the embedded and Redis stores do), so
   * that the books a restart loads balance. An owner may appear more than once: the last one is
   * kept. The default saves them one by one.
   */
  default void saveAll(Collection<Account> accounts) {
    accounts.forEach(this::save);
  }

  /**
   * Saves a trade's accounts as {@link #saveAll} does and marks {@code tradeKey} (the intent it
   * fills) booked, in the same step where the store can: a replica that takes over an intent left
   * awarded then knows whether its trade is in the ledger. The default marks nothing.
   */
  default void saveTrade(Collection<Account> accounts, String tradeKey) {
    saveAll(accounts);
  }

  /** Whether a trade was saved under {@code tradeKey} (false where the store keeps no marks). */
  default boolean traded(String tradeKey) {
    return false;
  }

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
