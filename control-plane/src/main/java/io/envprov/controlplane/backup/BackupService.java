package io.envprov.controlplane.backup;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.domain.BackupOrigin;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.BackupTables.Backup;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import io.envprov.driver.spi.DriverNotFoundException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Backups through the API: ask for one (a {@code backup} operation, enqueued with the backup's row
 * in the request's transaction), list an environment's, read one, delete one (its sealed object,
 * then its row).
 */
@Service
class BackupService {

  private static final Logger log = LoggerFactory.getLogger(BackupService.class);

  private final DSLContext dsl;
  private final BackupRepository backups;
  private final BackupRequests requests;
  private final CredentialRecords environments;
  private final BackupDrivers drivers;
  private final BackupStore store;
  private final AuditLog audit;

  BackupService(
      DSLContext dsl,
      BackupRepository backups,
      BackupRequests requests,
      CredentialRecords environments,
      BackupDrivers drivers,
      BackupStore store,
      AuditLog audit) {
    this.dsl = dsl;
    this.backups = backups;
    this.requests = requests;
    this.environments = environments;
    this.drivers = drivers;
    this.store = store;
    this.audit = audit;
  }

  /**
   * Enqueues a manual backup: 404 for an unknown environment, 409 {@code invalid_state} when it is
   * not active or suspended, 409 {@code not_supported} when its driver cannot back up its database.
   */
  BackupView create(Actor actor, UUID environmentId, @Nullable CreateBackupRequest request) {
    CredentialTarget target = target(environmentId);
    requireRestorable(target.envStatus());
    BackupDrivers.Resolved resolved;
    try {
      resolved = drivers.resolve(target);
    } catch (DriverNotFoundException | IllegalStateException e) {
      throw new ApiException(
          ErrorCode.NOT_SUPPORTED,
          "this environment's database cannot be backed up now: " + e.getMessage());
    }
    if (!resolved.backsUp()) {
      throw new ApiException(ErrorCode.NOT_SUPPORTED, resolved.unsupported());
    }
    String label = request == null ? null : request.label();
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          // Held until commit: the environment cannot leave active/suspended meanwhile.
          String status =
              trx.select(Environment.STATUS)
                  .from(Environment.TABLE)
                  .where(Environment.ID.eq(environmentId))
                  .forShare()
                  .fetchOne(Environment.STATUS);
          if (status == null) {
            throw ApiException.notFound("environment", environmentId);
          }
          requireRestorable(EnvironmentStatus.fromSql(status));
          return requests.request(trx, target, BackupOrigin.MANUAL, label, actor.name(), null);
        });
  }

  Page<BackupView> list(UUID environmentId, @Nullable PageCursor cursor, int limit) {
    if (!dsl.fetchExists(Environment.TABLE, Environment.ID.eq(environmentId))) {
      throw ApiException.notFound("environment", environmentId);
    }
    return backups.page(environmentId, cursor, limit);
  }

  BackupView get(UUID id) {
    return backups
        .find(id)
        .map(BackupRepository.StoredBackup::view)
        .orElseThrow(() -> ApiException.notFound("backup", id));
  }

  /**
   * Deletes the backup: its sealed object from the store, then its row, while the row is locked.
   * One that is pending or running is 409 {@code invalid_state}.
   */
  void delete(Actor actor, UUID id) {
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          BackupRepository.StoredBackup backup =
              backups.lock(trx, id).orElseThrow(() -> ApiException.notFound("backup", id));
          BackupView view = backup.view();
          if (!view.status().finished()) {
            throw ApiException.invalidState(
                "the backup is " + view.status().sqlValue() + "; wait until it has finished");
          }
          if (backup.sealed() != null) {
            try {
              store.delete(backup.sealed().storageKey());
            } catch (IOException e) {
              log.warn("cannot delete the sealed object of backup {}: {}", id, e.getMessage());
              throw new ApiException(
                  ErrorCode.SERVICE_UNAVAILABLE,
                  "the backup store cannot delete the backup now; nothing was changed, retry later");
            }
          }
          trx.deleteFrom(Backup.TABLE).where(Backup.ID.eq(id)).execute();
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("environment_id", view.environmentId().toString());
          details.put("origin", view.origin().sqlValue());
          details.put("status", view.status().sqlValue());
          audit.record(
              trx, actor.name(), "backup.deleted", "backup", id, view.organizationId(), details);
        });
  }

  /** The environment the backup belongs to; 404 when there is no such backup. */
  UUID environmentOf(UUID backupId) {
    return backups
        .find(backupId)
        .map(backup -> backup.view().environmentId())
        .orElseThrow(() -> ApiException.notFound("backup", backupId));
  }

  private CredentialTarget target(UUID environmentId) {
    return environments
        .targetOfEnvironment(environmentId)
        .orElseThrow(() -> ApiException.notFound("environment", environmentId));
  }

  private static void requireRestorable(EnvironmentStatus status) {
    if (!status.restorable()) {
      throw ApiException.invalidState(
          "the environment is "
              + status.sqlValue()
              + "; backups are taken of active or suspended environments");
    }
  }
}
