package io.omnimargin.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers: one statement, its arguments bound in order (text or integers). */
final class Sql {
  private Sql() {}

  /** Reads one row of a query. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = prepare(c, sql, args)) {
      return statement.executeUpdate();
    }
  }

  static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement query = prepare(c, sql, args);
        ResultSet rs = query.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(row.read(rs));
      }
      return rows;
    }
  }

  static <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement query = prepare(c, sql, args);
        ResultSet rs = query.executeQuery()) {
      return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
    }
  }

  static long number(Connection c, String sql, Object... args) throws SQLException {
    return first(c, sql, rs -> rs.getLong(1), args).orElseThrow();
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        Object arg = args[i];
        if (arg == null) {
          statement.setNull(i + 1, java.sql.Types.VARCHAR);
        } else if (arg instanceof Long || arg instanceof Integer) {
          statement.setLong(i + 1, ((Number) arg).longValue());
        } else {
          statement.setString(i + 1, arg.toString());
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }
}
