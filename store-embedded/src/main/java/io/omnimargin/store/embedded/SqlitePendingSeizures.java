package io.omnimargin.store.embedded;

import io.omnimargin.hub.settlement.PendingSeizures;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.Optional;

/** Seizures relayed and not yet proven, in the embedded database. */
public final class SqlitePendingSeizures implements PendingSeizures {
  private final EmbeddedDatabase db;

  public SqlitePendingSeizures(EmbeddedDatabase db) {
    this.db = db;
  }

  @Override
  public void put(Pending seizure) {
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO pending_seizures (event, owner, usd) VALUES (?, ?, ?)"
                    + " ON CONFLICT (event) DO UPDATE SET owner = excluded.owner, usd = excluded.usd",
                seizure.eventKey(),
                seizure.owner().toLowerHex(),
                seizure.usd().toString()));
  }

  @Override
  public Optional<Pending> take(String eventKey) {
    return db.write(
        c -> {
          Optional<Pending> pending =
              Sql.first(
                  c,
                  "SELECT owner, usd FROM pending_seizures WHERE event = ?",
                  rs ->
                      new Pending(
                          eventKey,
                          Address.parse(rs.getString(1)),
                          new BigInteger(rs.getString(2))),
                  eventKey);
          if (pending.isPresent()) {
            Sql.update(c, "DELETE FROM pending_seizures WHERE event = ?", eventKey);
          }
          return pending;
        });
  }

  @Override
  public boolean pendingFor(Address owner) {
    return db.read(
        c ->
            Sql.first(
                    c,
                    "SELECT 1 FROM pending_seizures WHERE owner = ? LIMIT 1",
                    rs -> Boolean.TRUE,
                    owner.toLowerHex())
                .isPresent());
  }
}
