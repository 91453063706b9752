package io.envprov.driver.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Small JDBC helpers. Identifiers that end up in SQL text are always quoted, even though {@link
 * io.envprov.driver.spi.DatabaseName} already restricts them to safe characters: DDL cannot take
 * bind parameters, so quoting is the one line of defence that does not depend on callers.
 */
final class Sql {

  private Sql() {}

  /** A quoted identifier: {@code "name"}, with embedded quotes doubled. */
  static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Quoted identifiers separated by commas. */
  static String idents(Collection<String> names) {
    return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
  }

  /**
   * A string literal for DDL that takes no parameters ({@code VALID UNTIL}); refuses backslashes so
   * that the result means the same whatever {@code standard_conforming_strings} says.
   */
  static String literal(String value) {
    if (value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("a backslash has no place in this literal");
    }
    return '\'' + value.replace("'", "''") + '\'';
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Whether the query returns at least one row. */
  static boolean exists(Connection connection, String query, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, query, parameters);
        ResultSet rows = statement.executeQuery()) {
      return rows.next();
    }
  }

  /** The first column of every row, as strings. */
  static List<String> strings(Connection connection, String query, Object... parameters)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement statement = prepare(connection, query, parameters);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** The first column of the first row, or null when there is no row. */
  static @Nullable String single(Connection connection, String query, Object... parameters)
      throws SQLException {
    List<String> values = strings(connection, query, parameters);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Runs {@code work} in one transaction, rolling back when it fails. */
  static void inTransaction(Connection connection, Work work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      work.run(connection);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Work on a connection. */
  @FunctionalInterface
  interface Work {
    void run(Connection connection) throws SQLException;
  }

  private static PreparedStatement prepare(
      Connection connection, String query, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(query);
    try {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }
}
