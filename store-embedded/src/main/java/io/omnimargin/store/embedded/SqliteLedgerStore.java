package io.omnimargin.store.embedded;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.AccountJson;
import io.omnimargin.margin.ledger.LedgerStore;
import java.util.Collection;

/**
 * The margin ledger in the embedded database: one row per account, committed on each save; the
 * accounts of one engine operation in one transaction.
 */
public final class SqliteLedgerStore implements LedgerStore {
  private final EmbeddedDatabase db;

  public SqliteLedgerStore(EmbeddedDatabase db) {
    this.db = db;
  }

  @Override
  public void save(Account account) {
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO ledger (owner, account) VALUES (?, ?)"
                    + " ON CONFLICT (owner) DO UPDATE SET account = excluded.account",
                account.owner().toLowerHex(),
                AccountJson.write(account)));
  }

  /** One transaction: all of them or none. */
  @Override
  public void saveAll(Collection<Account> accounts) {
    db.write(
        c -> {
          for (Account account : accounts) {
            Sql.update(
                c,
                "INSERT INTO ledger (owner, account) VALUES (?, ?)"
                    + " ON CONFLICT (owner) DO UPDATE SET account = excluded.account",
                account.owner().toLowerHex(),
                AccountJson.write(account));
          }
          return null;
        });
  }

  @Override
  public Collection<Account> loadAll() {
    return db.read(
        c -> Sql.list(c, "SELECT account FROM ledger", rs -> AccountJson.read(rs.getString(1))));
  }
}
