package io.envprov.controlplane.packages;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.credential.CredentialConflict;
import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.kms.KeyManagementException;
import io.envprov.controlplane.packages.AdminDatabases.AdminDatabase;
import io.envprov.driver.spi.DriverException;
import io.envprov.provisioner.packages.Dialect;
import io.envprov.provisioner.packages.InstallResult;
import io.envprov.provisioner.packages.InstalledPackage;
import io.envprov.provisioner.packages.Migration;
import io.envprov.provisioner.packages.PackageException;
import io.envprov.provisioner.packages.PackageMigrator;
import io.envprov.provisioner.packages.PackageVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Installs one package version into one environment's database ({@link PackageInstaller}): the
 * single-environment install operation, promotions and rollouts all come through here. It connects
 * as the environment's admin credential ({@link AdminDatabases}), lets {@link PackageMigrator} run
 * what the database's history lacks, retries a database it cannot reach a few times with backoff
 * ({@code controlplane.worker.retry-attempts} / {@code retry-backoff}), then mirrors the outcome in
 * the ledger and the audit trail. The environment's own status never changes: a failed migration
 * leaves it {@code active} at its previous version.
 */
@Service
public class EnvironmentPackages implements PackageInstaller {

  private static final Logger log = LoggerFactory.getLogger(EnvironmentPackages.class);

  private final PackageCatalog catalog;
  private final CredentialRecords environments;
  private final AdminDatabases databases;
  private final PackageMigrator migrator;
  private final PackageLedger ledger;
  private final AuditLog audit;
  private final DSLContext dsl;
  private final Clock clock;
  private final int attempts;
  private final Duration backoff;

  /**
   * Installs into one environment take turns in this replica: Flyway does not lock an SQLite
   * history, and two installs of one database gain nothing from running together.
   */
  private final Lock[] environmentLocks = new Lock[64];

  EnvironmentPackages(
      PackageCatalog catalog,
      CredentialRecords environments,
      AdminDatabases databases,
      PackageMigrator migrator,
      PackageLedger ledger,
      AuditLog audit,
      DSLContext dsl,
      Clock clock,
      ControlPlaneProperties properties) {
    this.catalog = catalog;
    this.environments = environments;
    this.databases = databases;
    this.migrator = migrator;
    this.ledger = ledger;
    this.audit = audit;
    this.dsl = dsl;
    this.clock = clock;
    this.attempts = Math.max(1, properties.worker().retryAttempts());
    this.backoff = properties.worker().retryBackoff();
    for (int i = 0; i < environmentLocks.length; i++) {
      environmentLocks[i] = new ReentrantLock();
    }
  }

  @Override
  public InstallOutcome install(
      UUID environmentId,
      String packageName,
      String version,
      boolean ignoreDrift,
      String installedBy) {
    return install(environmentId, packageName, version, ignoreDrift, installedBy, () -> {});
  }

  @Override
  public InstallOutcome install(
      UUID environmentId,
      String packageName,
      String version,
      boolean ignoreDrift,
      String installedBy,
      Runnable databaseSucceeded) {
    return installOnce(
        environmentId, packageName, version, ignoreDrift, installedBy, databaseSucceeded);
  }

  private InstallOutcome installOnce(
      UUID environmentId,
      String packageName,
      String version,
      boolean ignoreDrift,
      String installedBy,
      Runnable databaseSucceeded) {
    PackageVersion target = catalog.require(packageName, version);
    Optional<CredentialTarget> found = environments.targetOfEnvironment(environmentId);
    if (found.isEmpty() || found.get().envStatus() != EnvironmentStatus.ACTIVE) {
      String status = found.map(t -> t.envStatus().sqlValue()).orElse("without a database");
      return skippedNotActive(
          environmentId,
          found.orElse(null),
          target,
          "the environment is " + status + "; packages are installed into active environments",
          installedBy);
    }
    CredentialTarget environment = found.get();
    Dialect dialect = Dialect.forDriver(environment.driver());
    String missing = missingSql(target, dialect);
    if (missing != null) {
      return failed(environment, target, null, missing, "no_sql", installedBy);
    }
    Lock lock = environmentLocks[Math.floorMod(environmentId.hashCode(), environmentLocks.length)];
    lock.lock();
    try {
      return attempt(environment, target, dialect, ignoreDrift, installedBy, databaseSucceeded);
    } finally {
      lock.unlock();
    }
  }

  private InstallOutcome attempt(
      CredentialTarget environment,
      PackageVersion target,
      Dialect dialect,
      boolean ignoreDrift,
      String installedBy,
      Runnable databaseSucceeded) {
    List<PackageVersion> lineage = catalog.versions(target.name());
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= attempts;
      AdminDatabase database = null;
      try {
        database = databases.open(environment);
        InstallResult result =
            migrator.install(database, dialect, target, lineage, installedBy, ignoreDrift);
        databaseSucceeded.run();
        return succeeded(environment, target, result, installedBy);
      } catch (PackageException e) {
        String error = redact(database, e.getMessage());
        switch (e.reason()) {
          case DRIFT -> {
            return drifted(environment, target, error, installedBy);
          }
          case MIGRATION_FAILED -> {
            return failed(environment, target, database, error, "migration_failed", installedBy);
          }
          case UNREACHABLE -> {
            if (last) {
              return failed(environment, target, null, error, "unreachable", installedBy);
            }
          }
          default -> {
            // Anything else the runner refuses (e.g. a downgrade) is final: nothing was run.
            return failed(
                environment,
                target,
                database,
                error,
                e.reason().name().toLowerCase(java.util.Locale.ROOT),
                installedBy);
          }
        }
      } catch (CredentialConflict e) {
        // The environment stopped being active since it was read (suspended meanwhile).
        return skippedNotActive(
            environment.environmentId(), environment, target, e.getMessage(), installedBy);
      } catch (KeyManagementException e) {
        if (last || !e.unavailable()) {
          return failed(
              environment,
              target,
              null,
              "the admin credential's secret cannot be opened: " + e.getMessage(),
              "credential",
              installedBy);
        }
      } catch (DriverException e) {
        if (last || !e.isTransient()) {
          return failed(
              environment,
              target,
              null,
              "no admin credential could be issued: " + redact(database, e.getMessage()),
              "credential",
              installedBy);
        }
      }
      pause(attempt);
    }
  }

  private InstallOutcome succeeded(
      CredentialTarget environment,
      PackageVersion target,
      InstallResult result,
      String installedBy) {
    String checksum = PackageCatalog.checksum(target);
    dsl.transaction(
        configuration -> {
          ledger.record(
              environment.environmentId(),
              new PackageLedger.Entry(
                  target.name(),
                  target.version(),
                  "installed",
                  checksum,
                  null,
                  clock.instant(),
                  installedBy,
                  false));
          Map<String, Object> details = details(target);
          details.put("from_version", result.fromVersion());
          details.put("applied", result.applied());
          details.put("checksum", checksum);
          audit(configuration.dsl(), installedBy, "package.installed", environment, details);
        });
    log.info(
        "package {} {} installed in environment {} (from {}, applied {})",
        target.name(),
        target.version(),
        environment.environmentId(),
        result.fromVersion(),
        result.applied());
    return new InstallOutcome(
        InstallOutcome.Result.SUCCEEDED, result.fromVersion(), result.applied(), null);
  }

  /**
   * A migration failed (or the database could not be reached): the database stays at its previous
   * version. What it holds now is read back for the ledger when it can be.
   */
  private InstallOutcome failed(
      CredentialTarget environment,
      PackageVersion target,
      @Nullable AdminDatabase database,
      String error,
      String reason,
      String installedBy) {
    InstalledPackage current = database == null ? null : current(database, target.name());
    dsl.transaction(
        configuration -> {
          if (current != null && current.version() != null) {
            ledger.record(
                environment.environmentId(),
                new PackageLedger.Entry(
                    target.name(),
                    current.version(),
                    "failed",
                    current.checksum(),
                    error,
                    current.installedAt(),
                    current.installedBy(),
                    false));
          } else {
            ledger.failed(
                environment.environmentId(), target.name(), target.version(), error, false);
          }
          Map<String, Object> details = details(target);
          details.put("reason", reason);
          details.put("error", error);
          audit(configuration.dsl(), installedBy, "package.install_failed", environment, details);
        });
    log.warn(
        "package {} {} failed in environment {}: {}",
        target.name(),
        target.version(),
        environment.environmentId(),
        error);
    return new InstallOutcome(
        InstallOutcome.Result.FAILED, current == null ? null : current.version(), List.of(), error);
  }

  private InstallOutcome drifted(
      CredentialTarget environment, PackageVersion target, String error, String installedBy) {
    dsl.transaction(
        configuration -> {
          ledger.failed(environment.environmentId(), target.name(), target.version(), error, true);
          Map<String, Object> details = details(target);
          details.put("reason", "drift");
          details.put("error", error);
          audit(configuration.dsl(), installedBy, "package.install_failed", environment, details);
        });
    log.warn(
        "package {} {} not installed in environment {}: {}",
        target.name(),
        target.version(),
        environment.environmentId(),
        error);
    return new InstallOutcome(InstallOutcome.Result.SKIPPED_DRIFT, null, List.of(), error);
  }

  private InstallOutcome skippedNotActive(
      UUID environmentId,
      @Nullable CredentialTarget environment,
      PackageVersion target,
      String error,
      String installedBy) {
    Map<String, Object> details = details(target);
    details.put("reason", "not_active");
    details.put("error", error);
    audit.record(
        dsl,
        installedBy,
        "package.install_failed",
        "environment",
        environmentId,
        environment == null ? null : environment.organizationId(),
        details);
    return new InstallOutcome(InstallOutcome.Result.SKIPPED_NOT_ACTIVE, null, List.of(), error);
  }

  /** The package as the database holds it now, or null (not installed, or unreadable). */
  private @Nullable InstalledPackage current(AdminDatabase database, String name) {
    try {
      return migrator.installed(database, database.dialect()).stream()
          .filter(p -> p.name().equals(name))
          .findFirst()
          .orElse(null);
    } catch (RuntimeException e) {
      log.debug("could not read back package {}: {}", name, database.redact(String.valueOf(e)));
      return null;
    }
  }

  /** Why the version cannot run on the dialect, or null when every migration has SQL for it. */
  static @Nullable String missingSql(PackageVersion target, Dialect dialect) {
    for (Migration migration : target.migrations()) {
      if (migration.sqlFor(dialect) == null) {
        return "migration "
            + migration.version()
            + " of "
            + target.name()
            + " "
            + target.version()
            + " has no SQL for "
            + dialect.key()
            + " (give sql or sql_by_dialect."
            + dialect.key()
            + ")";
      }
    }
    return null;
  }

  private void audit(
      DSLContext trx,
      String actor,
      String action,
      CredentialTarget environment,
      Map<String, Object> details) {
    audit.record(
        trx,
        actor,
        action,
        "environment",
        environment.environmentId(),
        environment.organizationId(),
        details);
  }

  private static Map<String, Object> details(PackageVersion target) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("package", target.name());
    details.put("version", target.version());
    return details;
  }

  private static String redact(@Nullable AdminDatabase database, @Nullable String message) {
    String text = message == null || message.isBlank() ? "no detail" : message;
    return database == null ? text : database.redact(text);
  }

  private void pause(int attempt) {
    long millis = backoff.toMillis() * (1L << Math.min(attempt - 1, 10));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry an install", e);
    }
  }
}
