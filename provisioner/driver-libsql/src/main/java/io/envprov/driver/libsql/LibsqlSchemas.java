package io.envprov.driver.libsql;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.SchemaHistory;
import io.envprov.libsql.hrana.HranaException;
import io.envprov.libsql.hrana.HranaResult;
import io.envprov.libsql.hrana.HranaStatement;
import io.envprov.libsql.hrana.HranaStream.BatchOutcome;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema work done over Hrana: applying a baseline (prepared, in one pipeline; or with Flyway,
 * which sees an SQLite database through this module's JDBC driver), reading the baseline version,
 * and copying a schema without its data.
 */
final class LibsqlSchemas {

  static final String HISTORY_TABLE = SchemaHistory.TABLE;

  private static final String APPLIED_VERSIONS_SQL =
      "SELECT version FROM " + HISTORY_TABLE + " WHERE success = 1 AND version IS NOT NULL";

  private static final HranaStatement APPLIED_VERSIONS = HranaStatement.of(APPLIED_VERSIONS_SQL);

  private static final String HISTORY_LOOKUP =
      "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?";

  private static final Logger log = LoggerFactory.getLogger(LibsqlSchemas.class);

  private final ClassLoader classLoader;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, Optional<PreparedBaseline>> prepared = new ConcurrentHashMap<>();

  LibsqlSchemas(ClassLoader classLoader, HttpClient http, Duration timeout) {
    this.classLoader = classLoader;
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * Brings the database to the baseline and returns the version applied. A database without a
   * schema history gets the prepared baseline (schema and Flyway's history rows) in one
   * transactional Hrana batch, in one HTTP request that also reads the applied versions back; a
   * database whose history already holds the baseline is left as it is; one with an older history
   * (or a baseline that cannot be prepared) is migrated by Flyway.
   */
  String apply(LibsqlConnections database, Baseline baseline) throws SQLException {
    Optional<PreparedBaseline> script =
        prepared.computeIfAbsent(baseline.location(), location -> prepare(location));
    if (script.isPresent()) {
      BatchOutcome outcome =
          database
              .hrana(http, timeout)
              .openStream()
              .batchThenClose(script.get().statements(), List.of(APPLIED_VERSIONS));
      HranaException noHistory = outcome.afterErrors().get(0);
      HranaResult versions = outcome.after().get(0);
      if (noHistory != null || versions == null) {
        // the transaction was rolled back and no history was there before it
        throw outcome.failure() != null ? outcome.failure() : noHistory;
      }
      List<MigrationVersion> applied = new ArrayList<>();
      versions
          .rows()
          .forEach(row -> applied.add(MigrationVersion.fromVersion((String) row.get(0))));
      boolean complete =
          script.get().migrations().stream().allMatch(m -> applied.contains(m.version()));
      if (complete) {
        return applied.stream().max(MigrationVersion::compareTo).orElseThrow().getVersion();
      }
    }
    migrate(database, baseline);
    return version(database)
        .orElseThrow(() -> new SQLException("no baseline after migrating", "40001"));
  }

  private Optional<PreparedBaseline> prepare(String location) {
    Optional<PreparedBaseline> script = PreparedBaseline.load(classLoader, location);
    if (script.isEmpty()) {
      log.info(
          "baseline {} cannot be prepared; Flyway applies it (one request per query)", location);
    }
    return script;
  }

  /** Applies what is missing of the baseline with Flyway; does nothing when it is complete. */
  void migrate(LibsqlConnections database, Baseline baseline) {
    Flyway.configure(classLoader)
        .dataSource(database)
        .locations(baseline.location())
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /** The highest baseline version applied successfully, empty without a schema history. */
  Optional<String> version(LibsqlConnections database) throws SQLException {
    try (Connection connection = database.getConnection()) {
      if (!SchemaHistory.exists(connection, HISTORY_LOOKUP)) {
        return Optional.empty();
      }
      return SchemaHistory.highestVersion(
              connection, APPLIED_VERSIONS_SQL, MigrationVersion::fromVersion)
          .map(MigrationVersion::getVersion);
    }
  }

  /**
   * Recreates the source's tables, indexes, views and triggers in the (empty) target, and its
   * schema history rows, in one transaction. User rows are not copied.
   */
  void copySchema(LibsqlConnections source, LibsqlConnections target) throws SQLException {
    List<String> ddl = new ArrayList<>();
    List<List<Object>> history = new ArrayList<>();
    List<String> historyColumns = new ArrayList<>();
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
                  + " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1"
                  + " WHEN 'view' THEN 2 ELSE 3 END, rowid")) {
        while (rows.next()) {
          ddl.add(rows.getString(1));
        }
      }
      if (SchemaHistory.exists(connection, HISTORY_LOOKUP)) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + HISTORY_TABLE)) {
          int columns = rows.getMetaData().getColumnCount();
          for (int i = 1; i <= columns; i++) {
            historyColumns.add(rows.getMetaData().getColumnName(i));
          }
          while (rows.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
              row.add(rows.getObject(i));
            }
            history.add(row);
          }
        }
      }
    }
    try (Connection connection = target.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String sql : ddl) {
          statement.execute(sql);
        }
      }
      if (!history.isEmpty()) {
        String insert =
            "INSERT INTO "
                + HISTORY_TABLE
                + " ("
                + String.join(", ", historyColumns.stream().map(c -> "\"" + c + "\"").toList())
                + ") VALUES ("
                + String.join(", ", historyColumns.stream().map(c -> "?").toList())
                + ")";
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
          for (List<Object> row : history) {
            for (int i = 0; i < row.size(); i++) {
              statement.setObject(i + 1, row.get(i));
            }
            statement.addBatch();
          }
          statement.executeBatch();
        }
      }
      connection.commit();
    }
  }
}
