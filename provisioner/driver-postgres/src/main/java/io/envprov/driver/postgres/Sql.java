package io.envprov.driver.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PasswordUtil;

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

  /**
   * The SCRAM-SHA-256 verifier of a secret, for {@code PASSWORD}: the client computes it, so the
   * secret itself never reaches the server, its logs or {@code pg_stat_activity}.
   */
  static String scramVerifier(String secret) {
    char[] password = secret.toCharArray();
    try {
      return PasswordUtil.encodeScramSha256(password);
    } finally {
      Arrays.fill(password, '\0');
    }
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

  /**
   * Runs the statements in one round trip (PgJDBC sends them together and reads the answers once).
   * Outside a transaction the server runs them as one implicit transaction: all or nothing.
   */
  static void batch(Connection connection, List<String> statements) throws SQLException {
    if (statements.isEmpty()) {
      return;
    }
    execute(connection, String.join(";\n", statements));
  }

  /**
   * Runs the statements in one round trip and returns the rows of the last one that returns rows,
   * each row as its columns' text (SQL {@code NULL} as Java {@code null}).
   */
  static List<List<@Nullable String>> batchRows(Connection connection, List<String> statements)
      throws SQLException {
    List<List<@Nullable String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      boolean isRows = statement.execute(String.join(";\n", statements));
      while (true) {
        if (isRows) {
          rows = new ArrayList<>();
          try (ResultSet result = statement.getResultSet()) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
              List<@Nullable String> row = new ArrayList<>(columns);
              for (int i = 1; i <= columns; i++) {
                row.add(result.getString(i));
              }
              rows.add(row);
            }
          }
        } else if (statement.getUpdateCount() == -1) {
          return rows;
        }
        isRows = statement.getMoreResults();
      }
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
