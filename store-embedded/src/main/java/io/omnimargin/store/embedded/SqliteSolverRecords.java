package io.omnimargin.store.embedded;

import io.omnimargin.auction.solver.SolverRecord;
import io.omnimargin.auction.solver.SolverRecords;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The solver registry's records in the embedded database: one row per solver, replaced whole on
 * each save; the records of one {@link #saveAll} in one transaction.
 */
public final class SqliteSolverRecords implements SolverRecords {
  private static final String UPSERT =
      "INSERT INTO solvers (solver, name, bond, issued_at, awards, fills, fades, responses,"
          + " recent_responses, suspension) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (solver) DO UPDATE SET name = excluded.name, bond = excluded.bond,"
          + " issued_at = excluded.issued_at, awards = excluded.awards, fills = excluded.fills,"
          + " fades = excluded.fades, responses = excluded.responses,"
          + " recent_responses = excluded.recent_responses, suspension = excluded.suspension";

  private final EmbeddedDatabase db;

  public SqliteSolverRecords(EmbeddedDatabase db) {
    this.db = db;
  }

  @Override
  public void save(SolverRecord record) {
    db.write(c -> upsert(c, record));
  }

  /** One transaction: all of them or none. */
  @Override
  public void saveAll(Collection<SolverRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          for (SolverRecord record : records) {
            upsert(c, record);
          }
          return null;
        });
  }

  @Override
  public Collection<SolverRecord> loadAll() {
    return db.read(c -> Sql.list(c, "SELECT * FROM solvers", SqliteSolverRecords::record));
  }

  private static int upsert(Connection c, SolverRecord r) throws SQLException {
    Optional<SolverRecord.Registration> g = r.registration();
    return Sql.update(
        c,
        UPSERT,
        r.solver().toLowerHex(),
        g.map(SolverRecord.Registration::name).orElse(null),
        g.map(x -> x.bond().toString()).orElse(null),
        g.map(SolverRecord.Registration::issuedAt).orElse(null),
        r.awards(),
        r.fills(),
        r.fades(),
        r.responses(),
        r.recentResponseMillis().stream().map(String::valueOf).collect(Collectors.joining(",")),
        r.suspension().orElse(null));
  }

  private static SolverRecord record(ResultSet rs) throws SQLException {
    String name = rs.getString("name");
    Optional<SolverRecord.Registration> registration =
        name == null
            ? Optional.empty()
            : Optional.of(
                new SolverRecord.Registration(
                    name, new BigInteger(rs.getString("bond")), rs.getLong("issued_at")));
    return new SolverRecord(
        Address.parse(rs.getString("solver")),
        registration,
        rs.getLong("awards"),
        rs.getLong("fills"),
        rs.getLong("fades"),
        rs.getLong("responses"),
        millis(rs.getString("recent_responses")),
        Optional.ofNullable(rs.getString("suspension")));
  }

  private static List<Long> millis(String stored) {
    List<Long> millis = new ArrayList<>();
    if (!stored.isEmpty()) {
      for (String one : stored.split(",")) {
        millis.add(Long.parseLong(one));
      }
    }
    return millis;
  }
}
