package io.omnimargin.store.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of the embedded database. The version is SQLite's {@code user_version}; a database
 * written by a newer version is refused rather than misread.
 */
final class Schema {
  static final int VERSION = 3;

  private static final List<String> V1 =
      List.of(
          // intents: the signed order and signature as received (document), the history as a JSON
          // array; user and nonce are the spent-nonce key, seq the per-store acceptance order
          """
          CREATE TABLE intents (
            id TEXT PRIMARY KEY,
            user TEXT NOT NULL,
            nonce TEXT NOT NULL,
            seq INTEGER NOT NULL UNIQUE,
            status TEXT NOT NULL,
            open_deadline INTEGER NOT NULL,
            document TEXT NOT NULL,
            history TEXT NOT NULL)""",
          "CREATE UNIQUE INDEX intents_nonce ON intents (user, nonce)",
          "CREATE INDEX intents_user ON intents (user, seq)",
          "CREATE INDEX intents_status ON intents (status)",
          """
          CREATE INDEX intents_untaken ON intents (open_deadline, seq)
            WHERE status IN ('OPEN', 'AUCTIONING')""",
          // the margin ledger: each account as of its last change (margin's AccountJson)
          "CREATE TABLE ledger (owner TEXT PRIMARY KEY, account TEXT NOT NULL)",
          // the settlement journal: per vault the next block to scan, per event its outcome
          "CREATE TABLE journal_cursors (vault TEXT PRIMARY KEY, next_block INTEGER NOT NULL)",
          "CREATE TABLE journal_events (event TEXT PRIMARY KEY, outcome TEXT NOT NULL)",
          // solver fronts not yet proven, with the deposit log they front
          """
          CREATE TABLE fronts (
            event TEXT PRIMARY KEY,
            solver TEXT NOT NULL,
            fronted_at INTEGER NOT NULL,
            chain_id INTEGER NOT NULL,
            vault TEXT NOT NULL,
            deposit_id TEXT NOT NULL,
            account TEXT NOT NULL,
            token TEXT NOT NULL,
            amount TEXT NOT NULL,
            block_number INTEGER NOT NULL,
            block_hash TEXT NOT NULL,
            tx_hash TEXT NOT NULL)""",
          // repayments owed to solvers for proven fronts
          """
          CREATE TABLE front_repayments (
            event TEXT PRIMARY KEY,
            solver TEXT NOT NULL,
            chain_id INTEGER NOT NULL,
            token TEXT NOT NULL,
            amount TEXT NOT NULL)""",
          // seizures relayed and not yet proven: whose debt they pay, in USD wad
          """
          CREATE TABLE pending_seizures (
            event TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            usd TEXT NOT NULL)""");

  /** Version 2: accounts' histories, the newest entries of each account (seq orders them). */
  private static final List<String> V2 =
      List.of(
          """
          CREATE TABLE account_history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            owner TEXT NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            amount TEXT,
            av_maintenance TEXT,
            mmr TEXT,
            cause TEXT)""",
          "CREATE INDEX account_history_owner ON account_history (owner, seq)");

  /**
   * Version 3: the solver registry, one row per solver: its last registration (name, bond as a
   * decimal integer, issuedAt; null if it never registered), its reputation counters, the response
   * times of its latest bids (milliseconds, oldest first, comma-separated) and why it is suspended
   * (null if it is not).
   */
  private static final List<String> V3 =
      List.of(
          """
          CREATE TABLE solvers (
            solver TEXT PRIMARY KEY,
            name TEXT,
            bond TEXT,
            issued_at INTEGER,
            awards INTEGER NOT NULL,
            fills INTEGER NOT NULL,
            fades INTEGER NOT NULL,
            responses INTEGER NOT NULL,
            recent_responses TEXT NOT NULL,
            suspension TEXT)""");

  private Schema() {}

  /** Creates the tables of a new database; checks the version of an existing one. */
  static Void apply(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int version;
      try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version > VERSION) {
        throw new EmbeddedStoreException(
            "the database was written by a newer Omnimargin (schema "
                + version
                + ", this one reads up to "
                + VERSION
                + ")");
      }
      if (version < 1) {
        for (String ddl : V1) {
          statement.execute(ddl);
        }
      }
      if (version < 2) {
        for (String ddl : V2) {
          statement.execute(ddl);
        }
      }
      if (version < 3) {
        for (String ddl : V3) {
          statement.execute(ddl);
        }
      }
      if (version < VERSION) {
        statement.execute("PRAGMA user_version = " + VERSION);
      }
    }
    return null;
  }
}
