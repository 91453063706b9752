package io.envprov.driver.sqlite;

import io.envprov.driver.spi.CredentialScope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/** How the driver and its clients open database files. */
final class SqliteConnections {

  /**
   * How long a connection waits for another one's lock before failing with SQLITE_BUSY. Writers of
   * one file take turns; waiting a little turns most collisions into short delays.
   */
  static final int BUSY_TIMEOUT_MILLIS = 5000;

  private SqliteConnections() {}

  /** The settings for a client of that scope. */
  static SQLiteConfig forScope(CredentialScope scope) {
    return scope == CredentialScope.READONLY ? readOnly() : existingFile();
  }

  /** Reads only: SQLite itself refuses every write on such a connection. */
  static SQLiteConfig readOnly() {
    SQLiteConfig config = base();
    config.setReadOnly(true);
    return config;
  }

  /**
   * Reads and writes a file that must exist: a client holding the URL of a deprovisioned database
   * gets an error instead of silently recreating an empty file that would then count as a database.
   */
  static SQLiteConfig existingFile() {
    SQLiteConfig config = base();
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    return config;
  }

  /** Reads and writes, creating the file when it is missing (templates and temporary files). */
  static SQLiteConfig creating() {
    return base();
  }

  /** The settings as connection properties, as a client passes them to the JDBC driver. */
  static Map<String, String> properties(SQLiteConfig config) {
    Properties properties = config.toProperties();
    Map<String, String> result = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> result.put(key, properties.getProperty(key)));
    return result;
  }

  /** Opens a file with those settings. */
  static Connection open(Path file, SQLiteConfig config) throws SQLException {
    return dataSource(file, config).getConnection();
  }

  /** A data source of a file with those settings, for Flyway. */
  static DataSource dataSource(Path file, SQLiteConfig config) {
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(SqliteFiles.jdbcUrl(file));
    return dataSource;
  }

  private static SQLiteConfig base() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }
}
