package io.omnimargin.store.embedded;

import io.omnimargin.settlement.credit.SettlementJournal;
import java.util.Optional;

/**
 * The settlement journal in the embedded database: scan cursors and event outcomes, each committed
 * before the call returns. An outcome is inserted only if its event has none, so a replayed event
 * is never applied twice.
 */
public final class SqliteSettlementJournal implements SettlementJournal {
  private final EmbeddedDatabase db;

  public SqliteSettlementJournal(EmbeddedDatabase db) {
    this.db = db;
  }

  @Override
  public long cursor(String vaultKey, long fallback) {
    return db.read(
            c ->
                Sql.first(
                    c,
                    "SELECT next_block FROM journal_cursors WHERE vault = ?",
                    rs -> rs.getLong(1),
                    vaultKey))
        .orElse(fallback);
  }

  @Override
  public void advance(String vaultKey, long next) {
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO journal_cursors (vault, next_block) VALUES (?, ?)"
                    + " ON CONFLICT (vault) DO UPDATE SET next_block = excluded.next_block",
                vaultKey,
                next));
  }

  @Override
  public Optional<String> outcome(String eventKey) {
    return db.read(
        c ->
            Sql.first(
                c,
                "SELECT outcome FROM journal_events WHERE event = ?",
                rs -> rs.getString(1),
                eventKey));
  }

  @Override
  public boolean record(String eventKey, String outcome) {
    return db.write(
            c ->
                Sql.update(
                    c,
                    "INSERT INTO journal_events (event, outcome) VALUES (?, ?)"
                        + " ON CONFLICT (event) DO NOTHING",
                    eventKey,
                    outcome))
        == 1;
  }
}
