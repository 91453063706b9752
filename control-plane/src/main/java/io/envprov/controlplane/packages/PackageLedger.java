package io.envprov.controlplane.packages;

import static io.envprov.controlplane.store.PackageTables.PackageInstallation.*;

import io.envprov.controlplane.store.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The control plane's mirror of what each environment's database says is installed ({@code
 * package_installation}): written after each install, and refreshed whole whenever the database is
 * read ({@code GET .../packages}). The database stays the truth; the ledger answers fleet-wide
 * questions without opening every database.
 */
@Component
class PackageLedger {

  private static final int MAX_ERROR_LENGTH = 2000;

  private final DSLContext dsl;
  private final Clock clock;

  PackageLedger(DSLContext dsl, Clock clock) {
    this.dsl = dsl;
    this.clock = clock;
  }

  /**
   * One package of one environment as last seen.
   *
   * @param status {@code installed} or {@code failed}
   * @param error why the last install failed, or null
   */
  record Entry(
      String packageName,
      String version,
      String status,
      @Nullable String checksum,
      @Nullable String error,
      @Nullable Instant installedAt,
      @Nullable String installedBy,
      boolean drift) {

    Entry withError(@Nullable String error) {
      return new Entry(
          packageName, version, status, checksum, error, installedAt, installedBy, drift);
    }
  }

  /** Records one package of the environment. */
  void record(UUID environmentId, Entry entry) {
    OffsetDateTime now = Timestamps.now(clock);
    String error = bounded(entry.error());
    OffsetDateTime installedAt =
        entry.installedAt() == null ? null : Timestamps.of(entry.installedAt());
    dsl.insertInto(TABLE)
        .set(ENVIRONMENT_ID, environmentId)
        .set(PACKAGE_NAME, entry.packageName())
        .set(VERSION, entry.version())
        .set(STATUS, entry.status())
        .set(CHECKSUM, entry.checksum())
        .set(ERROR, error)
        .set(INSTALLED_AT, installedAt)
        .set(INSTALLED_BY, entry.installedBy())
        .set(DRIFT, entry.drift())
        .set(UPDATED_AT, now)
        .onConflict(ENVIRONMENT_ID, PACKAGE_NAME)
        .doUpdate()
        .set(VERSION, entry.version())
        .set(STATUS, entry.status())
        .set(CHECKSUM, entry.checksum())
        .set(ERROR, error)
        .set(INSTALLED_AT, installedAt)
        .set(INSTALLED_BY, entry.installedBy())
        .set(DRIFT, entry.drift())
        .set(UPDATED_AT, now)
        .execute();
  }

  /**
   * Records a failed install without knowing what the database holds now (it could not be read):
   * the row keeps its version and turns {@code failed} with the error; a package never seen there
   * is recorded at the version that failed.
   */
  void failed(UUID environmentId, String packageName, String version, String error, boolean drift) {
    OffsetDateTime now = Timestamps.now(clock);
    dsl.insertInto(TABLE)
        .set(ENVIRONMENT_ID, environmentId)
        .set(PACKAGE_NAME, packageName)
        .set(VERSION, version)
        .set(STATUS, "failed")
        .set(ERROR, bounded(error))
        .set(DRIFT, drift)
        .set(UPDATED_AT, now)
        .onConflict(ENVIRONMENT_ID, PACKAGE_NAME)
        .doUpdate()
        .set(STATUS, "failed")
        .set(ERROR, bounded(error))
        .set(DRIFT, drift)
        .set(UPDATED_AT, now)
        .execute();
  }

  /**
   * Replaces what the ledger holds for the environment with what its database says now: every
   * package given is recorded, the others are removed (a package the database no longer has).
   */
  void refresh(UUID environmentId, Collection<Entry> entries) {
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          List<String> names = entries.stream().map(Entry::packageName).toList();
          trx.deleteFrom(TABLE)
              .where(ENVIRONMENT_ID.eq(environmentId))
              .and(names.isEmpty() ? org.jooq.impl.DSL.noCondition() : PACKAGE_NAME.notIn(names))
              .execute();
          for (Entry entry : entries) {
            // The database says failed but not why: the why is what the last install recorded.
            boolean keepError = "failed".equals(entry.status()) && entry.error() == null;
            record(
                environmentId,
                keepError ? entry.withError(error(environmentId, entry.packageName())) : entry);
          }
        });
  }

  /** The error of the environment's last failed install of the package, if it failed. */
  @Nullable String error(UUID environmentId, String packageName) {
    Record row =
        dsl.select(STATUS, ERROR)
            .from(TABLE)
            .where(ENVIRONMENT_ID.eq(environmentId))
            .and(PACKAGE_NAME.eq(packageName))
            .fetchOne();
    return row == null || !"failed".equals(row.get(STATUS)) ? null : row.get(ERROR);
  }

  private static @Nullable String bounded(@Nullable String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH);
  }
}
