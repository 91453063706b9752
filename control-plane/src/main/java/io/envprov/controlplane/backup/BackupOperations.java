package io.envprov.controlplane.backup;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.domain.BackupOrigin;
import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.operation.OperationAttempts;
import io.envprov.controlplane.store.BackupTables.Backup;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.DriverException;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationRunner;
import io.envprov.provisioner.ServerGuards;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs operations of kind {@code backup}, on the same db-scheduler task as provisioning (the task
 * hands them here by kind): claims the operation ({@code pending -> running}, one more attempt),
 * has the driver write a snapshot of the environment's database into a private temporary file,
 * seals it into the backup store, then records the backup {@code succeeded} with what the seal
 * produced, the operation {@code succeeded} and the environment's backup state, in one transaction,
 * only while its attempt is the current one. A failure records the backup {@code failed} with the
 * error and leaves nothing in the store.
 *
 * <p>Each attempt seals under a key of its own ({@code <org>/<env>/<backup>.<attempt>.bak}): a
 * crashed or stale attempt can never overwrite what the current one recorded, and the attempt that
 * finishes deletes what earlier ones may have left. A revived attempt simply takes the backup
 * again.
 *
 * <p>The environment keeps the state of its backups: a success clears {@code backup_failures} and
 * {@code last_backup_error}; a failure counts one more and records the error. A scheduled backup
 * also sets when the next one is due: {@code every} after a success, a doubling backoff after a
 * failure (see {@link BackupProperties#backoff}).
 */
@Component
public class BackupOperations implements OperationRunner {

  private static final Logger log = LoggerFactory.getLogger(BackupOperations.class);

  private final DSLContext dsl;
  private final BackupRepository backups;
  private final CredentialRecords environments;
  private final BackupDrivers drivers;
  private final ServerGuards guards;
  private final BackupVault vault;
  private final BackupTempFiles temporary;
  private final BackupProperties properties;
  private final BackupMetrics metrics;
  private final AuditLog audit;
  private final Clock clock;

  private final OperationAttempts attempts;

  BackupOperations(
      DSLContext dsl,
      BackupRepository backups,
      CredentialRecords environments,
      BackupDrivers drivers,
      ServerGuards guards,
      BackupVault vault,
      BackupTempFiles temporary,
      BackupProperties properties,
      BackupMetrics metrics,
      AuditLog audit,
      Clock clock,
      OperationAttempts attempts) {
    this.attempts = attempts;
    this.dsl = dsl;
    this.backups = backups;
    this.environments = environments;
    this.drivers = drivers;
    this.guards = guards;
    this.vault = vault;
    this.temporary = temporary;
    this.properties = properties;
    this.metrics = metrics;
    this.audit = audit;
    this.clock = clock;
  }

  /** The store key of one attempt's sealed object. */
  static String storageKey(BackupView backup, int attempt) {
    return backup.organizationId()
        + "/"
        + backup.environmentId()
        + "/"
        + backup.id()
        + "."
        + attempt
        + ".bak";
  }

  /** An operation claimed by this attempt, with its backup. */
  private record Claimed(
      UUID operationId, int attempt, BackupView backup, @Nullable Duration keep, long startedAt) {}

  @Override
  public void run(UUID operationId) {
    Claimed claimed = claim(operationId);
    if (claimed == null) {
      log.debug("operation {} is finished or unknown; nothing to do", operationId);
      return;
    }
    String key = storageKey(claimed.backup(), claimed.attempt());
    BackupVault.Sealed sealed = null;
    try {
      sealed = take(claimed, key);
      if (!succeed(claimed, sealed)) {
        deleteQuietly(key); // a stale attempt: the current one records its own
        return;
      }
      forgetAttemptsBefore(claimed, claimed.attempt());
    } catch (RuntimeException | IOException e) {
      if (sealed != null) {
        deleteQuietly(key);
      }
      String error = describe(e);
      if (!(e instanceof DriverException) && !(e instanceof BackupFailure)) {
        log.warn("backup {} failed unexpectedly", claimed.backup().id(), e);
      }
      fail(claimed, error);
      forgetAttemptsBefore(claimed, claimed.attempt() + 1);
    }
  }

  /** A failure whose message is the operation's error as it stands. */
  private static final class BackupFailure extends RuntimeException {
    BackupFailure(String message) {
      super(message);
    }
  }

  /** Takes the snapshot and seals it under {@code key}. */
  private BackupVault.Sealed take(Claimed claimed, String key) throws IOException {
    BackupView backup = claimed.backup();
    CredentialTarget target =
        environments
            .targetOfEnvironment(backup.environmentId())
            .orElseThrow(() -> new BackupFailure("the environment no longer exists"));
    if (!target.envStatus().restorable()) {
      throw new BackupFailure(
          "the environment is "
              + target.envStatus().sqlValue()
              + "; backups are taken of active or suspended environments");
    }
    BackupDrivers.Resolved resolved;
    try {
      resolved = drivers.resolve(target);
    } catch (IllegalStateException e) {
      throw new BackupFailure(e.getMessage());
    }
    if (!resolved.backsUp()) {
      throw new BackupFailure(resolved.unsupported());
    }
    try (BackupTempFiles.TempFile snapshot = temporary.reserve()) {
      guards.callBulk(
          resolved.serverId(),
          () -> {
            resolved.driver().backup(resolved.database(), CopyMode.EVERYTHING, snapshot.path());
            return null;
          });
      snapshot.protect();
      return vault.seal(snapshot.path(), key);
    }
  }

  private @Nullable Claimed claim(UUID operationId) {
    OperationAttempts.Attempt operation =
        attempts.claim(dsl, operationId, List.of(OperationKind.BACKUP)).orElse(null);
    if (operation == null) {
      return null;
    }
    Map<String, Object> payload = operation.payload();
    UUID backupId = UUID.fromString((String) payload.get(BackupRequests.BACKUP_ID));
    Object keep = payload.get(BackupRequests.KEEP);
    dsl.update(Backup.TABLE)
        .set(Backup.STATUS, BackupStatus.RUNNING.sqlValue())
        .where(Backup.ID.eq(backupId))
        .and(Backup.STATUS.in(BackupStatus.PENDING.sqlValue(), BackupStatus.RUNNING.sqlValue()))
        .execute();
    BackupView backup =
        backups.find(backupId).map(BackupRepository.StoredBackup::view).orElse(null);
    if (backup == null) {
      // Only a hand-made operation: a backup's row is deleted only once it has finished.
      attempts.finish(dsl, operationId, operation.number(), "the backup no longer exists");
      return null;
    }
    return new Claimed(
        operationId,
        operation.number(),
        backup,
        keep == null ? null : Duration.parse((String) keep),
        System.nanoTime());
  }

  /** Records the success, if this attempt is still the current one; false when it is not. */
  private boolean succeed(Claimed claimed, BackupVault.Sealed sealed) {
    BackupView backup = claimed.backup();
    boolean recorded =
        dsl.transactionResult(
            configuration -> {
              DSLContext trx = configuration.dsl();
              OffsetDateTime now = Timestamps.now(clock);
              if (!attempts.finish(trx, claimed.operationId(), claimed.attempt(), null)) {
                return false;
              }
              trx.update(Backup.TABLE)
                  .set(Backup.STATUS, BackupStatus.SUCCEEDED.sqlValue())
                  .setNull(Backup.ERROR)
                  .set(Backup.SIZE_BYTES, sealed.sizeBytes())
                  .set(Backup.PLAINTEXT_BYTES, sealed.plaintextBytes())
                  .set(Backup.CHECKSUM, sealed.checksum())
                  .set(Backup.STORAGE_KEY, sealed.storageKey())
                  .set(Backup.ENCRYPTED_DATA_KEY, sealed.encryptedDataKey())
                  .set(Backup.KMS_KEY_ID, sealed.kmsKeyId())
                  .set(Backup.COMPLETED_AT, now)
                  .set(Backup.EXPIRES_AT, claimed.keep() == null ? null : now.plus(claimed.keep()))
                  .where(Backup.ID.eq(backup.id()))
                  .execute();
              var update =
                  trx.update(Environment.TABLE)
                      .set(Environment.BACKUP_FAILURES, 0)
                      .setNull(Environment.LAST_BACKUP_ERROR);
              if (backup.origin() == BackupOrigin.SCHEDULED) {
                update =
                    update.set(
                        Environment.NEXT_BACKUP_AT,
                        every(trx, backup.environmentId()).map(now::plus).orElse(null));
              }
              update.where(Environment.ID.eq(backup.environmentId())).execute();
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("environment_id", backup.environmentId().toString());
              details.put("origin", backup.origin().sqlValue());
              details.put("operation_id", claimed.operationId().toString());
              details.put("size_bytes", sealed.sizeBytes());
              details.put("checksum", sealed.checksum());
              audit.record(
                  trx,
                  backup.createdBy(),
                  "backup.created",
                  "backup",
                  backup.id(),
                  backup.organizationId(),
                  details);
              return true;
            });
    if (recorded) {
      metrics.succeeded(backup.origin(), backup.driver(), sealed.sizeBytes(), took(claimed));
      log.info(
          "backup {} of environment {} succeeded ({} bytes sealed)",
          backup.id(),
          backup.environmentId(),
          sealed.sizeBytes());
    }
    return recorded;
  }

  /** Records the failure, if this attempt is still the current one. */
  private void fail(Claimed claimed, String error) {
    BackupView backup = claimed.backup();
    boolean recorded =
        dsl.transactionResult(
            configuration -> {
              DSLContext trx = configuration.dsl();
              OffsetDateTime now = Timestamps.now(clock);
              if (!attempts.finish(trx, claimed.operationId(), claimed.attempt(), error)) {
                return false;
              }
              trx.update(Backup.TABLE)
                  .set(Backup.STATUS, BackupStatus.FAILED.sqlValue())
                  .set(Backup.ERROR, error)
                  .set(Backup.COMPLETED_AT, now)
                  .set(Backup.EXPIRES_AT, claimed.keep() == null ? null : now.plus(claimed.keep()))
                  .where(Backup.ID.eq(backup.id()))
                  .execute();
              Record environment =
                  trx.select(Environment.BACKUP_FAILURES, Environment.ENV_TYPE)
                      .from(Environment.TABLE)
                      .where(Environment.ID.eq(backup.environmentId()))
                      .forUpdate()
                      .fetchOne();
              if (environment != null) {
                int failures = environment.get(Environment.BACKUP_FAILURES) + 1;
                var update =
                    trx.update(Environment.TABLE)
                        .set(Environment.BACKUP_FAILURES, failures)
                        .set(Environment.LAST_BACKUP_ERROR, error);
                if (backup.origin() == BackupOrigin.SCHEDULED) {
                  update =
                      update.set(
                          Environment.NEXT_BACKUP_AT,
                          properties
                              .scheduleOf(EnvType.fromSql(environment.get(Environment.ENV_TYPE)))
                              .map(s -> now.plus(properties.backoff(failures, s.every())))
                              .orElse(null));
                }
                update.where(Environment.ID.eq(backup.environmentId())).execute();
              }
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("environment_id", backup.environmentId().toString());
              details.put("origin", backup.origin().sqlValue());
              details.put("operation_id", claimed.operationId().toString());
              details.put("error", error);
              audit.record(
                  trx,
                  backup.createdBy(),
                  "backup.failed",
                  "backup",
                  backup.id(),
                  backup.organizationId(),
                  details);
              return true;
            });
    if (recorded) {
      metrics.failed(backup.origin(), backup.driver(), took(claimed));
      log.warn(
          "backup {} of environment {} failed: {}", backup.id(), backup.environmentId(), error);
    } else {
      log.warn(
          "attempt {} of operation {} is stale; its failure is not recorded",
          claimed.attempt(),
          claimed.operationId());
    }
  }

  /** The schedule's interval of the environment's type, when it has one. */
  private Optional<Duration> every(DSLContext trx, UUID environmentId) {
    String type =
        trx.select(Environment.ENV_TYPE)
            .from(Environment.TABLE)
            .where(Environment.ID.eq(environmentId))
            .fetchOne(Environment.ENV_TYPE);
    return type == null
        ? Optional.empty()
        : properties.scheduleOf(EnvType.fromSql(type)).map(BackupProperties.Schedule::every);
  }

  /** Deletes what attempts before {@code attempt} may have sealed and left behind. */
  private void forgetAttemptsBefore(Claimed claimed, int attempt) {
    for (int earlier = 1; earlier < attempt; earlier++) {
      deleteQuietly(storageKey(claimed.backup(), earlier));
    }
  }

  private void deleteQuietly(String key) {
    try {
      vault.store().delete(key);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot delete the sealed object {} from the backup store: {}", key, e.getMessage());
    }
  }

  private static Duration took(Claimed claimed) {
    return Duration.ofNanos(System.nanoTime() - claimed.startedAt());
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    return OperationAttempts.bounded(text);
  }
}
