package io.omnimargin.store.embedded;

import io.omnimargin.hub.history.AccountHistoryStore;
import io.omnimargin.hub.history.HistoryEntry;
import io.omnimargin.protocol.types.Address;
import java.util.List;

/**
 * Accounts' histories in the embedded database: each append also drops the account's entries older
 * than its newest {@link #PER_ACCOUNT}, in the same transaction.
 */
public final class SqliteAccountHistoryStore implements AccountHistoryStore {
  private final EmbeddedDatabase db;

  public SqliteAccountHistoryStore(EmbeddedDatabase db) {
    this.db = db;
  }

  @Override
  public void append(HistoryEntry e) {
    appendAll(List.of(e));
  }

  /** One transaction for the batch: every entry and every account's trim, or none. */
  @Override
  public void appendAll(List<HistoryEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          int changed = 0;
          for (HistoryEntry e : entries) {
            changed += insert(c, e);
          }
          return changed;
        });
  }

  private static int insert(java.sql.Connection c, HistoryEntry e) throws java.sql.SQLException {
    String owner = e.owner().toLowerHex();
    Sql.update(
        c,
        "INSERT INTO account_history (owner, at, kind, amount, av_maintenance, mmr, cause)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        owner,
        e.at(),
        e.kind(),
        e.amount(),
        e.avMaintenance(),
        e.mmr(),
        e.cause());
    return Sql.update(
        c,
        "DELETE FROM account_history WHERE owner = ? AND seq <= (SELECT seq FROM"
            + " account_history WHERE owner = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)",
        owner,
        owner,
        PER_ACCOUNT);
  }

  @Override
  public List<HistoryEntry> of(Address owner, int limit) {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT at, kind, amount, av_maintenance, mmr, cause FROM account_history"
                    + " WHERE owner = ? ORDER BY seq DESC LIMIT ?",
                rs ->
                    new HistoryEntry(
                        rs.getLong(1),
                        owner,
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)),
                owner.toLowerHex(),
                limit));
  }
}
