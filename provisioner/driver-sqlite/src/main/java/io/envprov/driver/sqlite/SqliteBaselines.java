package io.envprov.driver.sqlite;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.SchemaHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Applies baselines with Flyway and keeps one baselined template file per baseline location.
 *
 * <p>Running Flyway costs far more than copying a small file, so each baseline is migrated once
 * into a template and new databases are copies of it. Templates belong to this driver instance and
 * are deleted by {@link #close()}.
 */
final class SqliteBaselines implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqliteBaselines.class);

  private static final String APPLIED_VERSIONS =
      "SELECT version FROM " + SchemaHistory.TABLE + " WHERE success = 1 AND version IS NOT NULL";

  private static final String HISTORY_LOOKUP =
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";

  private final SqliteFiles files;
  private final ClassLoader classLoader;
  private final Map<String, Path> templates = new ConcurrentHashMap<>();

  SqliteBaselines(SqliteFiles files, ClassLoader classLoader) {
    this.files = files;
    this.classLoader = classLoader;
  }

  /**
   * The template of that baseline, built on first use. Concurrent first uses wait for one build.
   * Failures surface as Flyway's runtime exceptions or {@link UncheckedIOException}.
   */
  Path template(Baseline baseline) {
    Path template = templates.computeIfAbsent(baseline.location(), location -> build(baseline));
    if (Files.isRegularFile(template)) {
      return template;
    }
    // Someone removed the file behind our back: forget it and build a fresh one.
    templates.remove(baseline.location(), template);
    return templates.computeIfAbsent(baseline.location(), location -> build(baseline));
  }

  /**
   * Brings an existing file up to the baseline: applies what is missing, does nothing when the
   * baseline is complete. Never creates the file.
   */
  void migrate(Path file, Baseline baseline) {
    migrate(file, baseline, SqliteConnections.existingFile());
  }

  /**
   * The highest version Flyway applied successfully to the file; empty when the file or its schema
   * history is missing.
   */
  Optional<String> version(Path file) throws SQLException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (Connection connection = SqliteConnections.open(file, SqliteConnections.readOnly())) {
      if (!SchemaHistory.exists(connection, HISTORY_LOOKUP)) {
        return Optional.empty();
      }
      return SchemaHistory.highestVersion(
              connection, APPLIED_VERSIONS, MigrationVersion::fromVersion)
          .map(MigrationVersion::getVersion);
    } catch (SQLException e) {
      if (!Files.exists(file)) {
        return Optional.empty(); // deleted while we looked
      }
      throw e;
    }
  }

  /** Deletes every template. The next provision builds them again. */
  @Override
  public void close() {
    for (Path template : templates.values()) {
      try {
        Files.deleteIfExists(template);
      } catch (IOException e) {
        log.warn("could not delete sqlite template {}: {}", template, e.toString());
      }
    }
    templates.clear();
  }

  private Path build(Baseline baseline) {
    @Nullable Path template = null;
    try {
      template = files.newTemplate();
      migrate(template, baseline, SqliteConnections.creating());
      log.debug("built sqlite template {} for baseline {}", template, baseline.location());
      return template;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(template);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private void migrate(Path file, Baseline baseline, SQLiteConfig config) {
    Flyway.configure(classLoader)
        .dataSource(SqliteConnections.dataSource(file, config))
        .locations(baseline.location())
        // A mistyped location must fail rather than leave a database without its baseline.
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  private static void deleteQuietly(@Nullable Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete {}: {}", file, e.toString());
    }
  }
}
