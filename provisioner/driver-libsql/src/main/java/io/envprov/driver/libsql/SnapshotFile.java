package io.envprov.driver.libsql;

import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.SchemaHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A snapshot on the local disk: an ordinary SQLite database file (the format the SQLite driver's
 * snapshots have, so {@code sqlite3} opens it), written and read with sqlite-jdbc. Values are the
 * five SQLite storage classes as Java values: null, {@link Long}, {@link Double}, {@link String},
 * {@code byte[]}, the same as Hrana's.
 */
final class SnapshotFile implements AutoCloseable {

  private static final String HISTORY_LOOKUP =
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";

  private static final String APPLIED_VERSIONS =
      "SELECT version FROM " + SchemaHistory.TABLE + " WHERE success = 1 AND version IS NOT NULL";

  private final Connection connection;
  private final SnapshotSchema schema;
  private final String baselineVersion;

  private SnapshotFile(Connection connection, SnapshotSchema schema, String baselineVersion) {
    this.connection = connection;
    this.schema = schema;
    this.baselineVersion = baselineVersion;
  }

  /**
   * Opens a snapshot to restore from, read-only, after checking it: an intact SQLite database
   * ({@code quick_check}) holding a baseline history, as every snapshot of a provisioned database
   * does.
   *
   * @throws DriverException permanent, when the file is no such snapshot
   */
  static SnapshotFile open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw DriverException.permanent(
          "the snapshot " + file.getFileName() + " does not exist", null);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    Connection connection = null;
    try {
      connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement();
          ResultSet check = statement.executeQuery("PRAGMA quick_check")) {
        String verdict = check.next() ? check.getString(1) : "";
        if (!"ok".equals(verdict)) {
          throw new SQLException("quick_check: " + verdict);
        }
      }
      SnapshotSchema schema = schema(connection);
      String version =
          SchemaHistory.exists(connection, HISTORY_LOOKUP)
              ? SchemaHistory.highestVersion(
                      connection, APPLIED_VERSIONS, MigrationVersion::fromVersion)
                  .map(MigrationVersion::getVersion)
                  .orElse(null)
              : null;
      if (version == null) {
        throw new SQLException("it holds no baseline history");
      }
      return new SnapshotFile(connection, schema, version);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw DriverException.permanent(
          "the file is not a snapshot of a provisioned libSQL database: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the file of a new snapshot, which must not exist yet, and opens it for one transaction.
   * No journal and no fsync while it is written: a half-written file is deleted, never used.
   */
  static Connection create(Path target) throws SQLException {
    if (Files.exists(target)) {
      throw new SQLException("the snapshot file " + target.getFileName() + " already exists");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.OFF);
    config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
    Connection connection = config.createConnection("jdbc:sqlite:" + target.toAbsolutePath());
    connection.setAutoCommit(false);
    return connection;
  }

  /** The schema of a local database. */
  static SnapshotSchema schema(Connection connection) throws SQLException {
    long userVersion = (Long) rows(connection, SnapshotSchema.USER_VERSION_SQL).get(0).get(0);
    return SnapshotSchema.of(
        rows(connection, SnapshotSchema.OBJECTS_SQL),
        rows(connection, SnapshotSchema.TABLES_SQL),
        rows(connection, SnapshotSchema.COLUMNS_SQL),
        userVersion);
  }

  /** Every row of a query, as storage-class values. */
  static List<List<@Nullable Object>> rows(Connection connection, String sql) throws SQLException {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int width = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<@Nullable Object> row = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
          row.add(value(result, i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * One value of the current row as a storage-class value (sqlite-jdbc gives small integers as
   * Integer).
   */
  static @Nullable Object value(ResultSet result, int column) throws SQLException {
    Object value = result.getObject(column);
    if (value instanceof Integer number) {
      return number.longValue();
    }
    if (value instanceof Float number) {
      return number.doubleValue();
    }
    return value;
  }

  /** Binds a storage-class value. */
  static void bind(PreparedStatement statement, int index, @Nullable Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof Long number) {
      statement.setLong(index, number);
    } else if (value instanceof Double number) {
      statement.setDouble(index, number);
    } else if (value instanceof String text) {
      statement.setString(index, text);
    } else if (value instanceof byte[] bytes) {
      statement.setBytes(index, bytes);
    } else {
      throw new SQLException("not an SQLite value: " + value.getClass().getName());
    }
  }

  /** About how many bytes a value takes on the wire (JSON, blobs in base64). */
  static long wireSize(@Nullable Object value) {
    if (value instanceof String text) {
      return text.length() + 16L;
    }
    if (value instanceof byte[] bytes) {
      return bytes.length * 4L / 3 + 24;
    }
    return 32;
  }

  SnapshotSchema schema() {
    return schema;
  }

  /** The highest baseline version recorded in the snapshot. */
  String baselineVersion() {
    return baselineVersion;
  }

  Connection connection() {
    return connection;
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(@Nullable Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // a read-only connection has nothing to lose
      }
    }
  }
}
