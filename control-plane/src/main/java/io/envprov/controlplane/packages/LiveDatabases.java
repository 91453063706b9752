package io.envprov.controlplane.packages;

import io.envprov.controlplane.credential.CredentialConflict;
import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.packages.AdminDatabases.AdminDatabase;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.driver.spi.DriverException;
import io.envprov.provisioner.packages.Drift;
import io.envprov.provisioner.packages.InstalledPackage;
import io.envprov.provisioner.packages.PackageException;
import io.envprov.provisioner.packages.PackageMigrator;
import io.envprov.provisioner.packages.PackageVersion;
import io.envprov.provisioner.packages.SchemaSnapshot;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Environment databases read on behalf of an API request (installed packages, schema snapshots),
 * with their failures as API problems: an environment that is not {@code active} is 409 {@code
 * invalid_state} (its database is read while it is active); a database that cannot be reached or
 * read now is 503 {@code service_unavailable}, with the cause logged, never answered (it may name
 * hosts).
 */
@Component
class LiveDatabases {

  private static final Logger log = LoggerFactory.getLogger(LiveDatabases.class);

  /** {@code system} first, then by name: the order packages are shown and promoted in. */
  static final Comparator<String> PACKAGE_ORDER =
      Comparator.comparing((String name) -> !PackageVersion.SYSTEM.equals(name))
          .thenComparing(Comparator.naturalOrder());

  private final CredentialRecords environments;
  private final AdminDatabases databases;
  private final PackageMigrator migrator;
  private final PackageCatalog catalog;

  LiveDatabases(
      CredentialRecords environments,
      AdminDatabases databases,
      PackageMigrator migrator,
      PackageCatalog catalog) {
    this.environments = environments;
    this.databases = databases;
    this.migrator = migrator;
    this.catalog = catalog;
  }

  /** The environment's database facts; 404 when unknown, 409 when it is not active. */
  CredentialTarget active(UUID environmentId) {
    CredentialTarget target =
        environments
            .targetOfEnvironment(environmentId)
            .orElseThrow(() -> ApiException.notFound("environment", environmentId));
    if (target.envStatus() != EnvironmentStatus.ACTIVE) {
      throw ApiException.invalidState(
          "the environment is "
              + target.envStatus().sqlValue()
              + "; its database is read and changed while it is active");
    }
    return target;
  }

  /** The database opened as admin. */
  AdminDatabase open(CredentialTarget target) {
    try {
      return databases.open(target);
    } catch (CredentialConflict e) {
      throw ApiException.invalidState(e.getMessage());
    } catch (DriverException e) {
      log.warn(
          "no admin credential for environment {}: {}", target.environmentId(), e.getMessage());
      throw unavailable(target);
    }
  }

  /** What the database says is installed, {@code system} first. */
  List<InstalledPackage> installed(CredentialTarget target, AdminDatabase database) {
    return read(
        target,
        database,
        () ->
            migrator.installed(database, database.dialect()).stream()
                .sorted(Comparator.comparing(InstalledPackage::name, PACKAGE_ORDER))
                .toList());
  }

  /** The database's tables, columns and indexes. */
  SchemaSnapshot snapshot(CredentialTarget target, AdminDatabase database) {
    return read(target, database, () -> SchemaSnapshot.read(database, database.dialect()));
  }

  /** How the installed package differs from the catalog's versions of it. */
  Drift drift(InstalledPackage installed, AdminDatabase database) {
    List<PackageVersion> lineage = catalog.versions(installed.name());
    if (lineage.isEmpty()) {
      return new Drift(List.of("the catalog has no version of package " + installed.name()));
    }
    return migrator.drift(installed, lineage, database.dialect());
  }

  private <T> T read(CredentialTarget target, AdminDatabase database, Supplier<T> reading) {
    try {
      return reading.get();
    } catch (PackageException e) {
      log.warn(
          "the database of environment {} cannot be read: {}",
          target.environmentId(),
          database.redact(String.valueOf(e.getMessage())));
      throw unavailable(target);
    }
  }

  private static ApiException unavailable(CredentialTarget target) {
    return new ApiException(
        ErrorCode.SERVICE_UNAVAILABLE,
        "the database of environment "
            + target.environmentId()
            + " cannot be reached or read now; nothing was changed, retry later");
  }
}
