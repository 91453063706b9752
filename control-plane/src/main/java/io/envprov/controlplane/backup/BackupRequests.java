package io.envprov.controlplane.backup;

import static io.envprov.controlplane.store.BackupTables.Backup.*;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.domain.BackupOrigin;
import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.operation.OperationQueue;
import io.envprov.controlplane.operation.OperationRef;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.provisioner.OperationKind;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Asks for one backup, in the caller's transaction: the {@code pending} row and its {@code backup}
 * operation commit together (or not at all), with a {@code backup.requested} audit event. Shared by
 * the API (manual backups) and the schedule.
 */
@Component
class BackupRequests {

  /** The operation payload's key of the backup's id. */
  static final String BACKUP_ID = "backup_id";

  /** The operation payload's key of a scheduled backup's retention (an ISO-8601 duration). */
  static final String KEEP = "keep";

  private final OperationQueue operations;
  private final AuditLog audit;
  private final Clock clock;

  BackupRequests(OperationQueue operations, AuditLog audit, Clock clock) {
    this.operations = operations;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Records the backup and enqueues its operation in {@code trx}, which must be running.
   *
   * @param keep how long the backup is kept once it completes; null: until deleted
   */
  BackupView request(
      DSLContext trx,
      CredentialTarget environment,
      BackupOrigin origin,
      @Nullable String label,
      String createdBy,
      @Nullable Duration keep) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put(BACKUP_ID, id.toString());
    if (keep != null) {
      payload.put(KEEP, keep.toString());
    }
    OperationRef operation =
        operations.submit(OperationKind.BACKUP, environment.environmentId(), payload, createdBy);
    trx.insertInto(TABLE)
        .set(ID, id)
        .set(ENVIRONMENT_ID, environment.environmentId())
        .set(ORGANIZATION_ID, environment.organizationId())
        .set(DRIVER, environment.driver())
        .set(LABEL, label)
        .set(ORIGIN, origin.sqlValue())
        .set(STATUS, BackupStatus.PENDING.sqlValue())
        .set(OPERATION_ID, operation.id())
        .set(CREATED_BY, createdBy)
        .set(CREATED_AT, now)
        .execute();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("environment_id", environment.environmentId().toString());
    details.put("origin", origin.sqlValue());
    details.put("operation_id", operation.id().toString());
    if (label != null) {
      details.put("label", label);
    }
    audit.record(
        trx, createdBy, "backup.requested", "backup", id, environment.organizationId(), details);
    return new BackupView(
        id,
        environment.environmentId(),
        environment.organizationId(),
        environment.driver(),
        label,
        origin,
        BackupStatus.PENDING,
        null,
        null,
        null,
        null,
        createdBy,
        now,
        null,
        null,
        operation.id());
  }
}
