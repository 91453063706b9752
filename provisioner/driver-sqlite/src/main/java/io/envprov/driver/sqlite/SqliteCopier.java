package io.envprov.driver.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Copies database files consistently and strips the data from copies. */
final class SqliteCopier {

  /**
   * A schema-only copy keeps this table: its rows are the baseline history, i.e. schema, not data.
   */
  private static final String HISTORY_TABLE = "flyway_schema_history";

  /**
   * Delete triggers may insert rows into tables already emptied; a few passes catch those chains.
   */
  private static final int MAX_DELETE_PASSES = 5;

  private SqliteCopier() {}

  /**
   * Writes a consistent copy of {@code source} into {@code destination} through SQLite's online
   * backup, which copies pages under SQLite's own locking: unlike a file copy it never catches a
   * write half-done, and the source stays usable throughout.
   */
  static void backup(Path source, Path destination) throws SQLException {
    try (Connection connection = SqliteConnections.open(source, SqliteConnections.readOnly());
        Statement statement = connection.createStatement()) {
      // sqlite-jdbc understands this statement itself; the path is quoted and holds no quote.
      statement.executeUpdate("backup to \"" + destination.toAbsolutePath() + "\"");
    }
  }

  /**
   * Empties every user table of the file except the baseline history, then compacts it so no
   * deleted row lingers in free pages.
   */
  static void deleteData(Path file) throws SQLException {
    try (Connection connection = SqliteConnections.open(file, SqliteConnections.existingFile())) {
      List<String> tables = dataTables(connection);
      try (Statement statement = connection.createStatement()) {
        int pass = 0;
        int deleted;
        do {
          deleted = 0;
          for (String table : tables) {
            deleted += statement.executeUpdate("DELETE FROM " + quote(table));
          }
          pass++;
        } while (deleted > 0 && pass < MAX_DELETE_PASSES);
        // AUTOINCREMENT counters would tell how many rows the source had.
        if (hasTable(connection, "sqlite_sequence")) {
          statement.executeUpdate("DELETE FROM sqlite_sequence");
        }
        statement.execute("VACUUM");
      }
    }
  }

  /**
   * Ordinary and virtual tables of the main schema. Shadow tables (the storage of full-text
   * indexes) are left to their virtual table, and SQLite's own {@code sqlite_} tables are skipped.
   */
  private static List<String> dataTables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT name FROM pragma_table_list WHERE schema = 'main'"
                    + " AND type IN ('table', 'virtual')"
                    + " AND substr(name, 1, 7) <> 'sqlite_' AND name <> ?"
                    + " ORDER BY name");
        ResultSet rows = bind(query, HISTORY_TABLE).executeQuery()) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private static boolean hasTable(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
        ResultSet rows = bind(query, name).executeQuery()) {
      return rows.next();
    }
  }

  private static PreparedStatement bind(PreparedStatement statement, String value)
      throws SQLException {
    statement.setString(1, value);
    return statement;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
