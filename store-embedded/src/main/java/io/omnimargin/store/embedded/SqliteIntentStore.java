package io.omnimargin.store.embedded;

import io.omnimargin.hub.intent.AcceptOutcome;
import io.omnimargin.hub.intent.Cursors;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentCodec;
import io.omnimargin.hub.intent.IntentPage;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Intents in the embedded database. Acceptance (duplicate, spent nonce, live cap, insert) and each
 * status change (compare-and-set on the current status) are one write transaction each, committed
 * before the call returns; the unique {@code (user, nonce)} index backs the nonce check. A nonce
 * stays spent for ever: a cancelled or expired order still holds it.
 */
public final class SqliteIntentStore implements IntentStore {
  private static final String LIVE = "('OPEN', 'AUCTIONING', 'AWARDED')";
  private static final String UNTAKEN = "('OPEN', 'AUCTIONING')";
  private static final String COLUMNS = "seq, document, history";

  private final EmbeddedDatabase db;

  public SqliteIntentStore(EmbeddedDatabase db) {
    this.db = db;
  }

  @Override
  public AcceptOutcome accept(Intent intent, int maxLivePerUser) {
    String user = intent.order().user().toLowerHex();
    String nonce = intent.order().nonce().toString();
    return db.write(
        c -> {
          Optional<Intent> existing = find(c, intent.id());
          if (existing.isPresent()) {
            return new AcceptOutcome.Duplicate(existing.get());
          }
          Optional<String> holder =
              Sql.first(
                  c,
                  "SELECT id FROM intents WHERE user = ? AND nonce = ?",
                  rs -> rs.getString(1),
                  user,
                  nonce);
          if (holder.isPresent()) {
            return new AcceptOutcome.NonceReused(OrderId.parse(holder.get()));
          }
          int live =
              (int)
                  Sql.number(
                      c, "SELECT count(*) FROM intents WHERE user = ? AND status IN " + LIVE, user);
          if (live >= maxLivePerUser) {
            return new AcceptOutcome.TooManyOpen(live);
          }
          Intent stored =
              intent.withSequence(Sql.number(c, "SELECT coalesce(max(seq), 0) + 1 FROM intents"));
          insert(c, stored, user, nonce);
          return new AcceptOutcome.Accepted(stored);
        });
  }

  private static void insert(Connection c, Intent intent, String user, String nonce)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO intents (id, user, nonce, seq, status, open_deadline, document, history)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        intent.id().toHex(),
        user,
        nonce,
        intent.sequence(),
        intent.status().name(),
        intent.order().openDeadline(),
        IntentCodec.document(intent),
        IntentCodec.historyArray(intent.history()));
  }

  @Override
  public Optional<Intent> find(OrderId id) {
    return db.read(c -> find(c, id));
  }

  private static Optional<Intent> find(Connection c, OrderId id) throws SQLException {
    return Sql.first(
        c,
        "SELECT " + COLUMNS + " FROM intents WHERE id = ?",
        SqliteIntentStore::intent,
        id.toHex());
  }

  @Override
  public IntentPage listByUser(
      Address user, Optional<IntentStatus> status, Optional<String> cursor, int limit) {
    long before = cursor.map(Cursors::parse).orElse(Long.MAX_VALUE);
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM intents WHERE user = ? AND seq < ?"
            + (status.isPresent() ? " AND status = ?" : "")
            + " ORDER BY seq DESC LIMIT ?";
    List<Object> args = new ArrayList<>(List.of(user.toLowerHex(), before));
    status.ifPresent(s -> args.add(s.name()));
    args.add(limit + 1);
    List<Intent> items = db.read(c -> Sql.list(c, sql, SqliteIntentStore::intent, args.toArray()));
    if (items.size() <= limit) {
      return new IntentPage(items, Optional.empty());
    }
    List<Intent> page = items.subList(0, limit);
    return new IntentPage(page, Optional.of(Cursors.of(page.get(limit - 1).sequence())));
  }

  @Override
  public TransitionOutcome transition(OrderId id, Set<IntentStatus> from, StatusChange change) {
    return db.write(c -> move(c, id, from, change));
  }

  /** Every move in one write transaction: one commit to the disk for the lot, not one each. */
  @Override
  public List<Boolean> moveAll(List<OrderId> ids, Set<IntentStatus> from, StatusChange change) {
    return db.write(
        c -> {
          List<Boolean> moved = new ArrayList<>(ids.size());
          for (OrderId id : ids) {
            moved.add(move(c, id, from, change) instanceof TransitionOutcome.Applied);
          }
          return moved;
        });
  }

  private static TransitionOutcome move(
      Connection c, OrderId id, Set<IntentStatus> from, StatusChange change) throws SQLException {
    Optional<Intent> found = find(c, id);
    if (found.isEmpty()) {
      return new TransitionOutcome.NotFound();
    }
    Intent current = found.get();
    if (!from.contains(current.status())) {
      return new TransitionOutcome.Refused(current);
    }
    Intent next = current.with(change);
    Sql.update(
        c,
        "UPDATE intents SET status = ?, history = ? WHERE id = ?",
        next.status().name(),
        IntentCodec.historyArray(next.history()),
        id.toHex());
    return new TransitionOutcome.Applied(next);
  }

  @Override
  public List<Intent> live() {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT " + COLUMNS + " FROM intents WHERE status IN " + LIVE + " ORDER BY seq",
                SqliteIntentStore::intent));
  }

  @Override
  public List<OrderId> pastOpenDeadline(long epochSecond, int limit) {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT id FROM intents WHERE status IN "
                    + UNTAKEN
                    + " AND open_deadline < ? ORDER BY open_deadline, seq LIMIT ?",
                rs -> OrderId.parse(rs.getString(1)),
                epochSecond,
                limit));
  }

  /** Each call waits on the disk (a commit forces the log): keep it off event loops. */
  @Override
  public boolean remote() {
    return true;
  }

  private static Intent intent(ResultSet rs) throws SQLException {
    return IntentCodec.read(
        rs.getString("document"),
        rs.getLong("seq"),
        IntentCodec.historyEntries(rs.getString("history")));
  }
}
