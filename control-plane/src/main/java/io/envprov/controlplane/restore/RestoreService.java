package io.envprov.controlplane.restore;

import static io.envprov.controlplane.restore.RestoreOperations.BACKUP_ID;
import static io.envprov.controlplane.restore.RestoreOperations.MODE;
import static io.envprov.controlplane.restore.RestoreOperations.PREVIOUS_STATUS;
import static io.envprov.controlplane.restore.RestoreOperations.SOURCE_ENVIRONMENT_ID;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.domain.ServerStatus;
import io.envprov.controlplane.environment.DatabaseView;
import io.envprov.controlplane.environment.EnvironmentRepository;
import io.envprov.controlplane.environment.EnvironmentSource;
import io.envprov.controlplane.environment.EnvironmentView;
import io.envprov.controlplane.environment.EnvironmentWriter;
import io.envprov.controlplane.environment.NewEnvironment;
import io.envprov.controlplane.operation.OperationQueue;
import io.envprov.controlplane.operation.OperationRef;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.controlplane.store.BackupTables.Backup;
import io.envprov.controlplane.store.Tables.DatabaseServer;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.driver.spi.Capabilities;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.OperationKind;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Restores and resets, as the API asks for them: the checks, the environment's move to its next
 * status and the operation that does the work, in one transaction with the audit event.
 *
 * <ul>
 *   <li>A restore as a new environment is made like a copy ({@link EnvironmentWriter}, the same
 *       slug and type rules), its database created from the backup by the provisioning engine
 *       (operation {@code restore}), beside the backed-up database when its server still takes
 *       databases.
 *   <li>A restore in place and a reset put the environment in {@code restoring}; their operation
 *       ({@code restore_in_place}, {@code reset}) replaces the contents and gives the environment
 *       back its status ({@link RestoreOperations}).
 * </ul>
 */
@Service
public class RestoreService {

  private final DSLContext dsl;
  private final EnvironmentRepository environments;
  private final EnvironmentWriter writer;
  private final OperationQueue operations;
  private final ServerDirectory servers;
  private final DriverCatalog drivers;
  private final AuditLog audit;
  private final Clock clock;

  RestoreService(
      DSLContext dsl,
      EnvironmentRepository environments,
      EnvironmentWriter writer,
      OperationQueue operations,
      ServerDirectory servers,
      DriverCatalog drivers,
      AuditLog audit,
      Clock clock) {
    this.dsl = dsl;
    this.environments = environments;
    this.writer = writer;
    this.operations = operations;
    this.servers = servers;
    this.drivers = drivers;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * A backup's facts that a restore decides on.
   *
   * @param id the backup
   * @param environmentId the environment backed up
   * @param organizationId its organization
   * @param driver the driver whose format the snapshot is in
   * @param status where the backup stands
   */
  record BackupFacts(
      UUID id, UUID environmentId, UUID organizationId, String driver, BackupStatus status) {}

  /** The backup, or 404 {@code not_found}. */
  BackupFacts backup(UUID backupId) {
    return find(dsl, backupId, false).orElseThrow(() -> ApiException.notFound("backup", backupId));
  }

  private static Optional<BackupFacts> find(DSLContext context, UUID backupId, boolean share) {
    var select =
        context
            .select(
                Backup.ID,
                Backup.ENVIRONMENT_ID,
                Backup.ORGANIZATION_ID,
                Backup.DRIVER,
                Backup.STATUS)
            .from(Backup.TABLE)
            .where(Backup.ID.eq(backupId));
    Record row = share ? select.forShare().fetchOne() : select.fetchOne();
    return Optional.ofNullable(row)
        .map(
            r ->
                new BackupFacts(
                    r.get(Backup.ID),
                    r.get(Backup.ENVIRONMENT_ID),
                    r.get(Backup.ORGANIZATION_ID),
                    r.get(Backup.DRIVER),
                    BackupStatus.fromSql(r.get(Backup.STATUS))));
  }

  /** {@code POST /v1/backups/{id}/restore}: a new environment or the backup's own, by target. */
  EnvironmentView restore(Actor actor, UUID backupId, RestoreRequest request) {
    return request.restoreTarget() == RestoreTarget.NEW
        ? restoreAsNew(actor, backupId, request)
        : restoreInPlace(actor, backupId);
  }

  private EnvironmentView restoreAsNew(Actor actor, UUID backupId, RestoreRequest request) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          // Shared: the backup cannot be deleted while the restore is being recorded.
          BackupFacts backup = lockedBackup(trx, backupId);
          requireSucceeded(backup);
          if (request.driver() != null && !request.driver().equals(backup.driver())) {
            throw driverMismatch(
                "backup "
                    + backupId
                    + " is a "
                    + backup.driver()
                    + " snapshot; it restores into a "
                    + backup.driver()
                    + " environment, not "
                    + request.driver());
          }
          writer.requireDriver(backup.driver());
          EnvironmentView source =
              environments
                  .find(trx, backup.environmentId())
                  .orElseThrow(() -> ApiException.notFound("backup", backupId));
          UUID serverId = sameServer(trx, source.database(), backup.driver());
          requireBackups(backup.driver(), serverId);
          EnvType type = EnvType.fromSql(request.envType());
          NewEnvironment spec =
              new NewEnvironment(
                  backup.organizationId(),
                  request.slug(),
                  request.name(),
                  type,
                  source.region(),
                  backup.driver(),
                  source.description(),
                  type.protectedByDefault(),
                  source.metadata(),
                  serverId,
                  EnvironmentSource.backup(backupId),
                  null);
          Map<String, Object> payload = new LinkedHashMap<>();
          payload.put(BACKUP_ID, backupId.toString());
          payload.put("backed_up_environment_id", backup.environmentId().toString());
          return writer.create(trx, spec, actor, OperationKind.RESTORE, payload);
        });
  }

  /**
   * The server of the backed-up database when it still takes databases, so the restore lands beside
   * it as a copy would; null lets placement choose (and for drivers without servers).
   */
  private static @Nullable UUID sameServer(
      DSLContext trx, @Nullable DatabaseView database, String driver) {
    if (database == null || database.serverId() == null || !driver.equals(database.driver())) {
      return null;
    }
    String status =
        trx.select(DatabaseServer.STATUS)
            .from(DatabaseServer.TABLE)
            .where(DatabaseServer.ID.eq(database.serverId()))
            .fetchOne(DatabaseServer.STATUS);
    return status != null && ServerStatus.fromSql(status).placesDatabases()
        ? database.serverId()
        : null;
  }

  private EnvironmentView restoreInPlace(Actor actor, UUID backupId) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          BackupFacts backup = lockedBackup(trx, backupId);
          EnvironmentView current = locked(trx, backup.environmentId());
          requireSucceeded(backup);
          DatabaseView database = current.database();
          if (database != null && !database.driver().equals(backup.driver())) {
            throw driverMismatch(
                "backup "
                    + backupId
                    + " is a "
                    + backup.driver()
                    + " snapshot; the environment's"
                    + " database is "
                    + database.driver());
          }
          requireRestorable(current, "restored in place");
          requireBackups(backup.driver(), database.serverId());
          Map<String, Object> payload = new LinkedHashMap<>();
          payload.put(BACKUP_ID, backupId.toString());
          return startReplacing(trx, actor, current, OperationKind.RESTORE_IN_PLACE, payload);
        });
  }

  /** {@code POST /v1/environments/{id}/reset}: back to a fresh copy of its source. */
  EnvironmentView reset(Actor actor, UUID environmentId) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          EnvironmentView current = locked(trx, environmentId);
          EnvironmentSource source = current.source();
          if (source == null) {
            throw new ApiException(
                ErrorCode.NO_SOURCE,
                "environment "
                    + environmentId
                    + " was neither copied nor restored from a backup; there is nothing to reset"
                    + " it to");
          }
          requireRestorable(current, "reset");
          DatabaseView database = current.database();
          Map<String, Object> payload = new LinkedHashMap<>();
          if (source.environmentId() != null) {
            UUID sourceId = source.environmentId();
            trx.selectFrom(Environment.TABLE)
                .where(Environment.ID.eq(sourceId))
                .forShare()
                .execute();
            EnvironmentView from =
                environments
                    .find(trx, sourceId)
                    .orElseThrow(
                        () ->
                            ApiException.invalidState(
                                "the source environment " + sourceId + " is gone"));
            if (!from.status().restorable() || from.database() == null) {
              throw ApiException.invalidState(
                  "the source environment "
                      + sourceId
                      + " is "
                      + from.status().sqlValue()
                      + "; a reset copies from an active or suspended one");
            }
            if (!from.database().driver().equals(database.driver())) {
              throw driverMismatch(
                  "the source environment's database is "
                      + from.database().driver()
                      + ", this one's "
                      + database.driver());
            }
            payload.put(SOURCE_ENVIRONMENT_ID, sourceId.toString());
            payload.put(MODE, source.mode() == null ? "everything" : source.mode());
          } else {
            UUID backupId = source.backupId();
            BackupFacts backup =
                find(trx, backupId, true)
                    .orElseThrow(
                        () ->
                            ApiException.invalidState(
                                "backup " + backupId + ", the environment's source, is gone"));
            if (!backup.status().restorable()) {
              throw ApiException.invalidState(
                  "backup "
                      + backupId
                      + ", the environment's source, is "
                      + backup.status().sqlValue());
            }
            if (!backup.driver().equals(database.driver())) {
              throw driverMismatch(
                  "backup "
                      + backupId
                      + " is a "
                      + backup.driver()
                      + " snapshot; the"
                      + " environment's database is "
                      + database.driver());
            }
            payload.put(BACKUP_ID, backupId.toString());
          }
          requireBackups(database.driver(), database.serverId());
          return startReplacing(trx, actor, current, OperationKind.RESET, payload);
        });
  }

  /**
   * Moves the environment to {@code restoring} and submits the operation that replaces its
   * contents; the operation gives it back its present status.
   */
  private EnvironmentView startReplacing(
      DSLContext trx,
      Actor actor,
      EnvironmentView current,
      OperationKind kind,
      Map<String, Object> payload) {
    payload.put(PREVIOUS_STATUS, current.status().sqlValue());
    trx.update(Environment.TABLE)
        .set(Environment.STATUS, EnvironmentStatus.RESTORING.sqlValue())
        .set(Environment.VERSION, Environment.VERSION.plus(1))
        .set(Environment.UPDATED_AT, Timestamps.now(clock))
        .where(Environment.ID.eq(current.id()))
        .execute();
    OperationRef operation = operations.submit(kind, current.id(), payload, actor.name());
    Map<String, Object> details = new LinkedHashMap<>(payload);
    details.put("operation_id", operation.id().toString());
    audit.record(
        trx,
        actor.name(),
        RestoreOperations.action(kind, "started"),
        "environment",
        current.id(),
        current.organizationId(),
        details);
    return environments.find(trx, current.id()).orElseThrow().withOperation(operation);
  }

  private BackupFacts lockedBackup(DSLContext trx, UUID backupId) {
    return find(trx, backupId, true).orElseThrow(() -> ApiException.notFound("backup", backupId));
  }

  private EnvironmentView locked(DSLContext trx, UUID environmentId) {
    trx.selectFrom(Environment.TABLE).where(Environment.ID.eq(environmentId)).forUpdate().execute();
    return environments
        .find(trx, environmentId)
        .orElseThrow(() -> ApiException.notFound("environment", environmentId));
  }

  private static void requireSucceeded(BackupFacts backup) {
    if (!backup.status().restorable()) {
      throw new ApiException(
          ErrorCode.BACKUP_NOT_READY,
          "backup "
              + backup.id()
              + " is "
              + backup.status().sqlValue()
              + "; a backup can be restored once it succeeded");
    }
  }

  private static void requireRestorable(EnvironmentView environment, String what) {
    if (!environment.status().restorable() || environment.database() == null) {
      throw ApiException.invalidState(
          "only an active or suspended environment can be "
              + what
              + "; this one is "
              + environment.status().sqlValue());
    }
  }

  /** Refuses a driver (on that server) that takes no snapshots: 409 {@code not_supported}. */
  private void requireBackups(String driver, @Nullable UUID serverId) {
    Capabilities capabilities =
        serverId == null
            ? drivers.driver(driver).capabilities()
            : drivers.driver(driver).capabilities(servers.target(serverId).orElse(null));
    if (!capabilities.backup()) {
      throw new ApiException(
          ErrorCode.NOT_SUPPORTED, "driver " + driver + " cannot restore snapshots on this server");
    }
  }

  private static ApiException driverMismatch(String detail) {
    return new ApiException(ErrorCode.DRIVER_MISMATCH, detail);
  }
}
