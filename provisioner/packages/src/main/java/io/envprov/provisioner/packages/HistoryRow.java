package io.envprov.provisioner.packages;

import java.time.Instant;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * One row of a Flyway schema history.
 *
 * @param version null for rows that are no versioned migration
 * @param type Flyway's migration type ({@code SQL}, {@code BASELINE}, ...)
 */
record HistoryRow(
    int rank,
    @Nullable String version,
    String description,
    String type,
    @Nullable Integer checksum,
    boolean success,
    @Nullable String installedBy,
    @Nullable Instant installedOn) {

  /** Rows Flyway writes that record no migration of the package (markers). */
  private static final Set<String> MARKERS = Set.of("SCHEMA", "BASELINE", "DELETE");

  /** Whether the row records a versioned migration (not a marker or a repeatable migration). */
  boolean isMigration() {
    return version != null && !MARKERS.contains(type);
  }

  MigrationVersion migrationVersion() {
    return MigrationVersion.fromVersion(version);
  }

  InstalledPackage.AppliedMigration applied() {
    return new InstalledPackage.AppliedMigration(
        version == null ? "" : version, description, checksum, success);
  }
}
