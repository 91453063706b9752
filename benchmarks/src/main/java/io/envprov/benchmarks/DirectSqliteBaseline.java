package io.envprov.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * What creating an environment database costs without the control plane: the same SQLite files and
 * the same baseline ({@value #LOCATION}), made directly in this process.
 */
final class DirectSqliteBaseline {

  /** The data-plane baseline, from the {@code schemas} jar: what every environment gets. */
  static final String LOCATION = "classpath:db/data-plane";

  /** The driver's busy timeout (SqliteConnections.BUSY_TIMEOUT_MILLIS). */
  private static final int BUSY_TIMEOUT_MILLIS = 5000;

  /** The ways of making one database file. */
  enum Kind {
    /** A fresh file per environment, migrated by its own Flyway run. */
    FLYWAY_PER_FILE(
        "flyway-per-file", "Flyway migrate (classpath:db/data-plane) into a fresh file each"),
    /** Flyway once into a template, then {@link Files#copy} per environment. */
    TEMPLATE_COPY("template-copy", "Flyway once into a template, then Files.copy per environment"),
    /**
     * The SQLite driver's per-environment steps without the control plane: copy the template to a
     * temporary file, publish it with a hard link, then read the baseline version back.
     */
    DRIVER_STEPS(
        "driver-steps",
        "template copy to a temp file + hard-link publish + baseline version read (the driver's"
            + " provision steps)");

    final String id;
    final String description;

    Kind(String id, String description) {
      this.id = id;
      this.description = description;
    }
  }

  private final Kind kind;
  private final Path directory;
  private final Path template;
  private final long templateBuildNanos;

  /**
   * Prepares a baseline writing into {@code directory} (created). The template, when the kind uses
   * one, is built here, outside any measurement; {@link #templateBuildNanos()} tells how long that
   * took.
   */
  DirectSqliteBaseline(Kind kind, Path directory) throws IOException {
    this.kind = kind;
    this.directory = Files.createDirectories(directory);
    this.template = directory.resolve(".template.db");
    long start = System.nanoTime();
    if (kind != Kind.FLYWAY_PER_FILE) {
      migrate(template);
    }
    this.templateBuildNanos = kind == Kind.FLYWAY_PER_FILE ? 0 : System.nanoTime() - start;
  }

  long templateBuildNanos() {
    return templateBuildNanos;
  }

  /** Creates the database file {@code <prefix><index>.db}. */
  void create(String prefix, int index) throws Exception {
    Path file = directory.resolve(prefix + index + ".db");
    switch (kind) {
      case FLYWAY_PER_FILE -> migrate(file);
      case TEMPLATE_COPY -> Files.copy(template, file);
      case DRIVER_STEPS -> {
        Path temporary = Files.createTempFile(directory, "." + prefix + index + ".", ".tmp");
        try {
          Files.copy(template, temporary, StandardCopyOption.REPLACE_EXISTING);
          Files.createLink(file, temporary);
        } finally {
          Files.deleteIfExists(temporary);
        }
        if (baselineVersion(file).isEmpty()) {
          throw new IllegalStateException("baseline version missing in " + file);
        }
      }
    }
  }

  private static void migrate(Path file) {
    Flyway.configure()
        .dataSource(dataSource(file, false))
        .locations(LOCATION)
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  private static String baselineVersion(Path file) throws SQLException {
    try (Connection connection = dataSource(file, true).getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT max(version) FROM flyway_schema_history WHERE success = 1");
        ResultSet rows = query.executeQuery()) {
      return rows.next() ? rows.getString(1) : "";
    }
  }

  private static DataSource dataSource(Path file, boolean readOnly) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setReadOnly(readOnly);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return dataSource;
  }
}
