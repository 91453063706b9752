package io.envprov.provisioner.packages;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading and preparing the Flyway history tables of packages over plain JDBC. */
final class Histories {

  private Histories() {}

  /**
   * What the runner needs to know before it reads anything else, in one query.
   *
   * @param history whether the package's history table exists
   * @param installations whether {@code sys_package_installation} exists (baseline V1)
   * @param checksumColumn whether it has its {@code checksum} column (baseline V2)
   */
  record State(boolean history, boolean installations, boolean checksumColumn) {}

  static State state(Connection connection, Sql sql, String table) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql.state())) {
      query.setString(1, sql.tableParameter(table));
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("the catalog look-up returned no row");
        }
        return new State(rows.getBoolean(1), rows.getBoolean(2), rows.getBoolean(3));
      }
    }
  }

  /** The rows of {@code table}, in the order Flyway wrote them. */
  static List<HistoryRow> read(Connection connection, Sql sql, String table) throws SQLException {
    List<HistoryRow> history = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql.history(table))) {
      while (rows.next()) {
        history.add(row(rows, sql, 1));
      }
    }
    return history;
  }

  /**
   * Creates the history table as Flyway would, in one transaction. On PostgreSQL under Flyway's
   * lock of the table, and only when it is still missing then: an install running {@link
   * PreparedUpgrade} creates it under that lock too.
   */
  static void create(Connection connection, Dialect dialect, String table) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      if (dialect == Dialect.POSTGRES) {
        statement
            .executeQuery(
                "SELECT pg_catalog.pg_advisory_xact_lock(" + PreparedUpgrade.lockKey(table) + ")")
            .close();
        if (state(connection, Sql.POSTGRES, table).history()) {
          connection.commit();
          return;
        }
      }
      for (String ddl : HistoryTable.createStatements(dialect, table)) {
        statement.execute(ddl);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Removes the rows of failed migrations (left by a migration that could not run in a
   * transaction), as Flyway's {@code repair} would, so that a forced install runs them again.
   */
  static void deleteFailed(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM " + Sql.quote(table) + " WHERE NOT success");
    }
  }

  /**
   * The rows of several history tables in one query, by package (tables named by {@link
   * HistoryTable}).
   */
  static Map<String, List<HistoryRow>> readAll(Connection connection, Sql sql, List<String> tables)
      throws SQLException {
    Map<String, List<HistoryRow>> histories = new TreeMap<>();
    if (tables.isEmpty()) {
      return histories;
    }
    StringBuilder query = new StringBuilder();
    for (String table : tables) {
      String name = HistoryTable.packageOf(table);
      if (name == null) {
        throw new IllegalArgumentException("not a history table: " + table);
      }
      if (query.length() > 0) {
        query.append(" UNION ALL ");
      }
      query
          .append("SELECT '")
          .append(name)
          .append("', installed_rank, version, description, type, checksum, success,")
          .append(" installed_by, ")
          .append(sql.timestamp("installed_on"))
          .append(" FROM ")
          .append(Sql.quote(table));
    }
    query.append(" ORDER BY 1, 2");
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query.toString())) {
      while (rows.next()) {
        String name = rows.getString(1);
        histories.computeIfAbsent(name, any -> new ArrayList<>()).add(row(rows, sql, 2));
      }
    }
    return histories;
  }

  /** The history row whose columns start at {@code first}, in {@link Sql#history}'s order. */
  private static HistoryRow row(ResultSet rows, Sql sql, int first) throws SQLException {
    int rank = rows.getInt(first);
    String version = rows.getString(first + 1);
    String description = rows.getString(first + 2);
    String type = rows.getString(first + 3);
    int checksum = rows.getInt(first + 4);
    Integer recorded = rows.wasNull() ? null : checksum;
    boolean success = rows.getBoolean(first + 5);
    String installedBy = rows.getString(first + 6);
    return new HistoryRow(
        rank,
        version,
        description,
        type,
        recorded,
        success,
        installedBy,
        sql.instant(rows, first + 7));
  }

  static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
