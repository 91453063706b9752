package io.envprov.driver.postgres;

import io.envprov.driver.spi.Baseline;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * Applies baselines with Flyway as a group role and reads the version they left behind.
 *
 * <p>Flyway's {@code initSql} switches to the group ({@code SET ROLE}) on every connection it
 * opens, before it looks at anything, so the schema history and every object of the baseline are
 * owned by the group, never by the server admin or the login Flyway connects as.
 */
final class PostgresBaselines {

  private final ClassLoader classLoader;

  PostgresBaselines(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /**
   * Brings the database up to the baseline as {@code role}; a no-op when it is complete. In a
   * database a tenant can reach, {@code connections} are a {@link ProbeLogin}'s, never the server
   * admin's: Flyway reads the schema history, which the tenant owns.
   */
  void migrate(DataSource connections, String role, Baseline baseline) {
    Flyway.configure(classLoader)
        .dataSource(connections)
        .initSql("SET ROLE " + Sql.ident(role))
        .locations(baseline.location())
        // A mistyped location must fail rather than leave a database without its baseline.
        .failOnMissingLocations(true)
        .schemas("public")
        .createSchemas(false)
        .cleanDisabled(true)
        .load()
        .migrate();
  }

  /**
   * The highest version Flyway applied successfully; empty when the database has no schema history.
   */
  static Optional<String> version(Connection db) throws SQLException {
    if (!hasHistory(db)) {
      return Optional.empty();
    }
    return highest(Sql.strings(db, DatabaseSetup.versionsQuery()));
  }

  /**
   * Whether the database has a relation named like the schema history: a catalog look-up, which
   * runs nothing of the tenant's and is safe as the server admin.
   */
  static boolean hasHistory(Connection db) throws SQLException {
    return Sql.single(db, "SELECT pg_catalog.to_regclass('public." + DatabaseSetup.HISTORY + "')")
        != null;
  }

  /** The highest of the versions, compared as versions, not as text: "10" is higher than "9". */
  static Optional<String> highest(List<@Nullable String> versions) {
    return versions.stream()
        .filter(Objects::nonNull)
        .map(MigrationVersion::fromVersion)
        .max(MigrationVersion::compareTo)
        .map(MigrationVersion::getVersion);
  }
}
