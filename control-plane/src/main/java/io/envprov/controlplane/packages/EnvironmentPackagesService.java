package io.envprov.controlplane.packages;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.operation.OperationQueue;
import io.envprov.controlplane.operation.OperationRef;
import io.envprov.controlplane.operation.OperationView;
import io.envprov.controlplane.packages.AdminDatabases.AdminDatabase;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.Operation;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.packages.Drift;
import io.envprov.provisioner.packages.InstalledPackage;
import io.envprov.provisioner.packages.PackageVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Service;

/**
 * The packages of one environment through the API: what its database holds (read live, the ledger
 * refreshed on the way), and the install and promote requests, each one operation enqueued in the
 * request's transaction with its audit event.
 */
@Service
class EnvironmentPackagesService {

  private final DSLContext dsl;
  private final PackageCatalog catalog;
  private final LiveDatabases live;
  private final PackageLedger ledger;
  private final OperationQueue operations;
  private final AuditLog audit;

  EnvironmentPackagesService(
      DSLContext dsl,
      PackageCatalog catalog,
      LiveDatabases live,
      PackageLedger ledger,
      OperationQueue operations,
      AuditLog audit) {
    this.dsl = dsl;
    this.catalog = catalog;
    this.live = live;
    this.ledger = ledger;
    this.operations = operations;
    this.audit = audit;
  }

  /**
   * Enqueues the install: 404 {@code package_not_found} when the catalog lacks the version, 409
   * {@code invalid_state} when the environment is not active.
   */
  OperationView install(Actor actor, UUID environmentId, InstallPackageRequest request) {
    boolean force = Boolean.TRUE.equals(request.force());
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          UUID organizationId = lockActive(trx, environmentId);
          PackageVersion version = catalog.require(request.name(), request.version());
          Map<String, Object> payload = new LinkedHashMap<>();
          payload.put("name", version.name());
          payload.put("version", version.version());
          payload.put("force", force);
          OperationRef operation =
              operations.submit(
                  OperationKind.INSTALL_PACKAGE, environmentId, payload, actor.name());
          Map<String, Object> details = new LinkedHashMap<>(payload);
          details.put("operation_id", operation.id().toString());
          audit.record(
              trx,
              actor.name(),
              "package.install_requested",
              "environment",
              environmentId,
              organizationId,
              details);
          return operation(trx, operation.id());
        });
  }

  /** What the environment's database holds now, compared with the catalog; refreshes the ledger. */
  EnvironmentPackagesView list(UUID environmentId) {
    CredentialTarget target = live.active(environmentId);
    AdminDatabase database = live.open(target);
    List<InstalledPackageView> items = new ArrayList<>();
    List<PackageLedger.Entry> entries = new ArrayList<>();
    for (InstalledPackage installed : live.installed(target, database)) {
      Drift drift = live.drift(installed, database);
      if (installed.version() != null) {
        // A history with no row (an install stopped before its record) has no version to mirror.
        entries.add(
            new PackageLedger.Entry(
                installed.name(),
                installed.version(),
                installed.status(),
                installed.checksum(),
                null,
                installed.installedAt(),
                installed.installedBy(),
                drift.detected()));
      }
      items.add(
          new InstalledPackageView(
              installed.name(),
              installed.version(),
              installed.status(),
              installed.installedAt() == null ? null : Timestamps.of(installed.installedAt()),
              installed.installedBy(),
              installed.checksum(),
              drift.detected(),
              drift.differences(),
              catalog.latestVersion(installed.name()),
              null));
    }
    ledger.refresh(environmentId, entries);
    List<InstalledPackageView> withErrors = new ArrayList<>();
    for (InstalledPackageView item : items) {
      withErrors.add(
          "failed".equals(item.status())
              ? withError(item, ledger.error(environmentId, item.name()))
              : item);
    }
    return new EnvironmentPackagesView(environmentId, withErrors);
  }

  /**
   * Enqueues the promotion of {@code request.fromEnvironmentId()}'s package versions into the
   * target. Both must be active and of one organization (409 {@code invalid_state}); a target whose
   * history differs from the catalog is 409 {@code drift_detected} unless forced. Both databases
   * are read now, so the operation installs what the source holds at the time of the request.
   */
  OperationView promote(Actor actor, UUID targetId, PromoteRequest request) {
    UUID sourceId = request.fromEnvironmentId();
    boolean force = Boolean.TRUE.equals(request.force());
    if (sourceId.equals(targetId)) {
      throw ApiException.invalidState("an environment is not promoted from itself");
    }
    CredentialTarget target = live.active(targetId);
    CredentialTarget source = live.active(sourceId);
    if (!source.organizationId().equals(target.organizationId())) {
      throw ApiException.invalidState(
          "promotion is between environments of one organization; these belong to two");
    }
    AdminDatabase targetDatabase = live.open(target);
    List<InstalledPackage> targetHas = live.installed(target, targetDatabase);
    if (!force) {
      List<String> drifted = new ArrayList<>();
      for (InstalledPackage installed : targetHas) {
        Drift drift = live.drift(installed, targetDatabase);
        drift.differences().forEach(d -> drifted.add(installed.name() + ": " + d));
      }
      if (!drifted.isEmpty()) {
        throw new ApiException(
            ErrorCode.DRIFT_DETECTED,
            "the target's history differs from the catalog ("
                + String.join("; ", drifted)
                + "); promote with force to install anyway");
      }
    }
    Map<String, String> targetVersions = new LinkedHashMap<>();
    targetHas.stream()
        .filter(p -> p.version() != null)
        .forEach(p -> targetVersions.put(p.name(), p.version()));
    List<Map<String, String>> plan = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (InstalledPackage installed : live.installed(source, live.open(source))) {
      if (installed.version() == null) {
        continue; // a history with no recorded version: nothing the catalog can name
      }
      if (catalog.find(installed.name(), installed.version()).isEmpty()) {
        throw ApiException.invalidState(
            "the source holds "
                + installed.name()
                + " "
                + installed.version()
                + ", which the catalog does not have");
      }
      String there = targetVersions.get(installed.name());
      // No downgrades: a target at the same or a newer version keeps it (system included only
      // when the source's is newer).
      if (there != null && Versions.compare(there, installed.version()) >= 0) {
        kept.add(installed.name() + " " + there);
        continue;
      }
      plan.add(Map.of("name", installed.name(), "version", installed.version()));
    }
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          lockActive(trx, targetId);
          Map<String, Object> payload = new LinkedHashMap<>();
          payload.put("from_environment_id", sourceId.toString());
          payload.put("force", force);
          payload.put("packages", plan);
          OperationRef operation =
              operations.submit(OperationKind.PROMOTE, targetId, payload, actor.name());
          Map<String, Object> details = new LinkedHashMap<>(payload);
          details.put("kept", kept);
          details.put("operation_id", operation.id().toString());
          audit.record(
              trx,
              actor.name(),
              "environment.promoted",
              "environment",
              targetId,
              target.organizationId(),
              details);
          return operation(trx, operation.id());
        });
  }

  /**
   * Locks the environment's row against changes of status until the transaction ends and returns
   * its organization; 404 when unknown, 409 {@code invalid_state} when not active.
   */
  private static UUID lockActive(DSLContext trx, UUID environmentId) {
    Record row =
        trx.select(Environment.STATUS, Environment.ORGANIZATION_ID)
            .from(Environment.TABLE)
            .where(Environment.ID.eq(environmentId))
            .forShare()
            .fetchOne();
    if (row == null) {
      throw ApiException.notFound("environment", environmentId);
    }
    EnvironmentStatus status = EnvironmentStatus.fromSql(row.get(Environment.STATUS));
    if (status != EnvironmentStatus.ACTIVE) {
      throw ApiException.invalidState(
          "the environment is "
              + status.sqlValue()
              + "; packages are installed into active environments");
    }
    return row.get(Environment.ORGANIZATION_ID);
  }

  private static OperationView operation(DSLContext trx, UUID id) {
    Record r = trx.selectFrom(Operation.TABLE).where(Operation.ID.eq(id)).fetchSingle();
    return new OperationView(
        r.get(Operation.ID),
        r.get(Operation.KIND),
        r.get(Operation.RESOURCE_TYPE),
        r.get(Operation.RESOURCE_ID),
        r.get(Operation.STATUS),
        r.get(Operation.ATTEMPTS),
        r.get(Operation.ERROR),
        r.get(Operation.CREATED_BY),
        Timestamps.utc(r.get(Operation.CREATED_AT)),
        Timestamps.utc(r.get(Operation.STARTED_AT)),
        Timestamps.utc(r.get(Operation.FINISHED_AT)));
  }

  private static InstalledPackageView withError(InstalledPackageView item, String error) {
    return new InstalledPackageView(
        item.name(),
        item.version(),
        item.status(),
        item.installedAt(),
        item.installedBy(),
        item.checksum(),
        item.drift(),
        item.driftDetails(),
        item.latestVersion(),
        error);
  }
}
