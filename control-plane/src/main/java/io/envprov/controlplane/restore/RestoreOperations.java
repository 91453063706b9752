package io.envprov.controlplane.restore;

import static io.envprov.controlplane.store.Tables.Operation.*;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.backup.BackupTempFiles;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.environment.EnvironmentChanges;
import io.envprov.controlplane.operation.OperationAttempts;
import io.envprov.controlplane.store.BackupTables.Backup;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DriverException;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationRunner;
import io.envprov.provisioner.OperationStatus;
import io.envprov.provisioner.RetryPolicy;
import io.envprov.provisioner.ServerGuards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the operations that replace the contents of an existing environment's database: {@code
 * restore_in_place} (from one of its backups) and {@code reset} (from a fresh snapshot of the
 * environment it was copied from, or from the backup it was restored from). Like the other runners
 * of the {@code operation} task, it claims the operation first ({@code pending -> running}, one
 * more attempt; a finished one is not run again), and records the outcome only while its attempt is
 * the current one.
 *
 * <p>The environment was put in {@code restoring} by the request; whatever the outcome, it goes
 * back to the status it had then (kept in the operation's payload). The driver replaces the
 * contents in one step and leaves the old ones when it fails, so a failed operation leaves the
 * database as it was. Running it again after a crash is safe: it replaces the contents again with
 * the same ones.
 */
@Component
public class RestoreOperations implements OperationRunner {

  /** Payload: the backup restored. */
  static final String BACKUP_ID = "backup_id";

  /** Payload: the environment a reset copies from. */
  static final String SOURCE_ENVIRONMENT_ID = "source_environment_id";

  /** Payload: what a reset copies ({@code everything} or {@code schema_only}). */
  static final String MODE = "mode";

  /** Payload: the environment's status before {@code restoring}, which it returns to. */
  static final String PREVIOUS_STATUS = "previous_status";

  static final String ACTOR = "system:restore";
  private static final Logger log = LoggerFactory.getLogger(RestoreOperations.class);

  private final DSLContext dsl;
  private final Databases databases;
  private final DriverCatalog drivers;
  private final BackupSnapshots snapshots;
  private final BackupTempFiles temporary;
  private final AuditLog audit;
  private final EnvironmentChanges changes;
  private final Clock clock;
  private final OperationAttempts attempts;
  private final ServerGuards guards;
  private final RetryPolicy retryPolicy;

  RestoreOperations(
      DSLContext dsl,
      Databases databases,
      DriverCatalog drivers,
      BackupSnapshots snapshots,
      BackupTempFiles temporary,
      AuditLog audit,
      EnvironmentChanges changes,
      Clock clock,
      OperationAttempts attempts,
      ServerGuards guards,
      RetryPolicy retryPolicy) {
    this.attempts = attempts;
    this.guards = guards;
    this.retryPolicy = retryPolicy;
    this.dsl = dsl;
    this.databases = databases;
    this.drivers = drivers;
    this.snapshots = snapshots;
    this.temporary = temporary;
    this.audit = audit;
    this.changes = changes;
    this.clock = clock;
  }

  /** Whether this runner runs operations of the kind. */
  public static boolean runs(OperationKind kind) {
    return kind == OperationKind.RESTORE_IN_PLACE || kind == OperationKind.RESET;
  }

  /** An operation claimed by this attempt. */
  private record Claimed(
      UUID id, OperationKind kind, UUID environmentId, Map<String, Object> payload, int attempt) {

    @Nullable UUID uuid(String key) {
      Object value = payload.get(key);
      return value == null ? null : UUID.fromString(value.toString());
    }
  }

  @Override
  public void run(UUID operationId) {
    Claimed claimed = claim(operationId);
    if (claimed == null) {
      log.debug("operation {} is finished or unknown; nothing to do", operationId);
      return;
    }
    String error = null;
    try {
      UUID backupId = claimed.uuid(BACKUP_ID);
      UUID sourceId = claimed.uuid(SOURCE_ENVIRONMENT_ID);
      if (sourceId != null) {
        resetFrom(claimed, sourceId);
      } else if (backupId != null) {
        restoreFrom(claimed, backupId);
      } else {
        throw new IllegalStateException("the operation names neither a backup nor a source");
      }
    } catch (DriverException | SnapshotUnavailableException e) {
      error = message(e);
    } catch (RuntimeException e) {
      error = message(e);
      log.warn("operation {} ({}) failed unexpectedly", operationId, claimed.kind(), e);
    }
    finish(claimed, error);
  }

  /** Replaces the contents with the backup's. */
  private void restoreFrom(Claimed claimed, UUID backupId) {
    Databases.Located target = target(claimed);
    String backupDriver =
        dsl.select(Backup.DRIVER)
            .from(Backup.TABLE)
            .where(Backup.ID.eq(backupId))
            .fetchOne(Backup.DRIVER);
    if (backupDriver != null && !backupDriver.equals(target.driver())) {
      throw new IllegalStateException(
          "backup "
              + backupId
              + " is a "
              + backupDriver
              + " snapshot; the database is "
              + target.driver());
    }
    DatabaseDriver driver = drivers.driver(target.driver());
    // Unsealed and checked once: a corrupted backup fails here, before the database is touched.
    try (BackupSnapshots.Snapshot snapshot = snapshots.open(backupId)) {
      guarded(
          target,
          () -> {
            driver.restoreInPlace(databases.ref(target), snapshot.file());
            return null;
          });
    }
  }

  /** Replaces the contents with a fresh snapshot of the source environment's. */
  private void resetFrom(Claimed claimed, UUID sourceId) {
    Databases.Located target = target(claimed);
    Databases.Located source =
        databases
            .locate(sourceId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the source environment " + sourceId + " has no database any more"));
    if (!source.status().restorable()) {
      throw new IllegalStateException(
          "the source environment "
              + sourceId
              + " is "
              + source.status().sqlValue()
              + "; a reset copies from an active or suspended one");
    }
    if (!source.driver().equals(target.driver())) {
      throw new IllegalStateException(
          "the source environment's database is "
              + source.driver()
              + ", this one "
              + target.driver());
    }
    Object mode = claimed.payload().get(MODE);
    CopyMode copyMode =
        mode == null
            ? CopyMode.EVERYTHING
            : CopyMode.valueOf(mode.toString().toUpperCase(Locale.ROOT));
    DatabaseDriver driver = drivers.driver(target.driver());
    // The snapshot is plaintext and passing through: never sealed, never kept.
    try (BackupTempFiles.TempFile snapshot = temporary.reserve()) {
      guarded(
          source,
          () -> {
            deleteQuietly(snapshot.path()); // what a failed attempt left
            driver.backup(databases.ref(source), copyMode, snapshot.path());
            return null;
          });
      snapshot.protect();
      guarded(
          target,
          () -> {
            driver.restoreInPlace(databases.ref(target), snapshot.path());
            return null;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("the snapshot of the source cannot be kept privately", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Databases.Located target(Claimed claimed) {
    return databases
        .locate(claimed.environmentId())
        .orElseThrow(() -> new IllegalStateException("the environment has no database"));
  }

  /**
   * One driver call that moves a whole database, guarded like the engine's (the server's circuit
   * breaker and bulkhead, the bulk time limit) and retried after transient failures.
   */
  private <T> T guarded(Databases.Located database, Supplier<T> call) {
    String serverId = database.serverId() == null ? null : database.serverId().toString();
    return retryPolicy.run(database.databaseName(), () -> guards.callBulk(serverId, call));
  }

  private @Nullable Claimed claim(UUID operationId) {
    return attempts
        .claim(dsl, operationId, List.of(OperationKind.RESTORE_IN_PLACE, OperationKind.RESET))
        .map(a -> new Claimed(a.operationId(), a.kind(), a.resourceId(), a.payload(), a.number()))
        .orElse(null);
  }

  /**
   * Records the outcome and gives the environment back its previous status, in one transaction, if
   * this attempt is still the operation's current one.
   */
  private void finish(Claimed claimed, @Nullable String error) {
    OperationStatus status = error == null ? OperationStatus.SUCCEEDED : OperationStatus.FAILED;
    String bounded = OperationAttempts.bounded(error);
    Object previous = claimed.payload().get(PREVIOUS_STATUS);
    EnvironmentStatus back =
        previous == null
            ? EnvironmentStatus.ACTIVE
            : EnvironmentStatus.fromSql(previous.toString());
    boolean recorded =
        dsl.transactionResult(
            configuration -> {
              DSLContext trx = configuration.dsl();
              if (!attempts.finish(trx, claimed.id(), claimed.attempt(), error)) {
                return false;
              }
              OffsetDateTime now = Timestamps.now(clock);
              UUID organizationId =
                  trx.update(Environment.TABLE)
                      .set(Environment.STATUS, back.sqlValue())
                      .set(Environment.VERSION, Environment.VERSION.plus(1))
                      .set(Environment.UPDATED_AT, now)
                      .where(Environment.ID.eq(claimed.environmentId()))
                      .and(Environment.STATUS.eq(EnvironmentStatus.RESTORING.sqlValue()))
                      .returning(Environment.ORGANIZATION_ID)
                      .fetchOne(Environment.ORGANIZATION_ID);
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("operation_id", claimed.id().toString());
              details.putAll(sourceOf(claimed));
              details.put("status", back.sqlValue());
              if (bounded != null) {
                details.put("error", bounded);
              }
              audit.record(
                  trx,
                  ACTOR,
                  action(claimed.kind(), error == null ? "succeeded" : "failed"),
                  "environment",
                  claimed.environmentId(),
                  organizationId,
                  details);
              return true;
            });
    if (!recorded) {
      log.warn(
          "attempt {} of operation {} is stale; its outcome {} is not recorded",
          claimed.attempt(),
          claimed.id(),
          status.sqlValue());
      return;
    }
    log.info(
        "operation {} ({}) of environment {} {}{}",
        claimed.id(),
        claimed.kind().sqlValue(),
        claimed.environmentId(),
        status.sqlValue(),
        error == null ? "" : ": " + bounded);
    changes.accept(claimed.environmentId());
  }

  /** The audit action of a restore or reset event, e.g. {@code environment.reset_started}. */
  static String action(OperationKind kind, String what) {
    return "environment." + (kind == OperationKind.RESET ? "reset" : "restore") + "_" + what;
  }

  /** What the operation restores from, for audit events. */
  private static Map<String, Object> sourceOf(Claimed claimed) {
    Map<String, Object> source = new LinkedHashMap<>();
    for (String key : new String[] {BACKUP_ID, SOURCE_ENVIRONMENT_ID, MODE}) {
      Object value = claimed.payload().get(key);
      if (value != null) {
        source.put(key, value);
      }
    }
    return source;
  }

  private static String message(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
