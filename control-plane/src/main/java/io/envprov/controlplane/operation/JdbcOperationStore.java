package io.envprov.controlplane.operation;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.credential.CredentialProperties;
import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.credential.StoredCredential;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.kms.KeyManagementException;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Tables.Operation;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationStatus;
import io.envprov.provisioner.OperationStore;
import io.envprov.provisioner.OperationWork;
import io.envprov.provisioner.PlannedCredential;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's store over JDBC: each method is one transaction moving the operation, its
 * environment and its database row together, with the audit event.
 */
public class JdbcOperationStore implements OperationStore {

  static final String ACTOR = "system:provisioner";
  private static final Logger log = LoggerFactory.getLogger(JdbcOperationStore.class);
  private static final int MAX_ERROR_LENGTH = 2000;

  private final DSLContext dsl;
  private final AuditLog audit;
  private final ServerDirectory servers;
  private final Clock clock;

  private final CredentialRecords credentials;
  private final SecretBox box;
  private final CredentialProperties credentialProperties;
  private final java.util.function.Consumer<UUID> finished;
  private final Map<UUID, List<SealedCredential>> pending =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<UUID, CredentialTarget> targets =
      new java.util.concurrent.ConcurrentHashMap<>();

  public JdbcOperationStore(
      DSLContext dsl,
      AuditLog audit,
      ServerDirectory servers,
      CredentialRecords credentials,
      SecretBox box,
      CredentialProperties credentialProperties,
      java.util.function.Consumer<UUID> finished,
      Clock clock) {
    this.finished = finished;
    this.dsl = dsl;
    this.audit = audit;
    this.servers = servers;
    this.credentials = credentials;
    this.box = box;
    this.credentialProperties = credentialProperties;
    this.clock = clock;
  }

  @Override
  public List<PlannedCredential> initialCredentials(OperationWork work) {
    CredentialTarget target = target(work);
    Instant expiresAt = clock.instant().plus(credentialProperties.ttlFor(target.envType()));
    return List.of(
        PlannedCredential.forOperation(work.operationId(), CredentialScope.ADMIN, expiresAt),
        PlannedCredential.forOperation(work.operationId(), CredentialScope.READWRITE, expiresAt));
  }

  @Override
  public void credentialIssued(
      OperationWork work, PlannedCredential planned, IssuedCredential issued) {
    CredentialTarget target = target(work);
    SecretBox.Sealed sealed;
    try {
      sealed =
          box.seal(issued.secret(), StoredCredential.context(planned.id(), target.databaseId()));
    } catch (KeyManagementException e) {
      throw e.unavailable()
          ? DriverException.transientFailure(
              "the key manager cannot be reached: " + e.getMessage(), e)
          : DriverException.permanent("the key manager refused: " + e.getMessage(), e);
    }
    // Kept until the outcome: written in the same transaction that turns the environment active,
    // one commit instead of three. A crash before it loses nothing: the retried operation issues
    // the same logins again.
    pending
        .computeIfAbsent(
            work.operationId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(new SealedCredential(target, planned, sealed));
  }

  /** An initial credential sealed and waiting for its operation's outcome. */
  private record SealedCredential(
      CredentialTarget target, PlannedCredential planned, SecretBox.Sealed sealed) {}

  private void storeCredentials(DSLContext trx, OperationWork work) {
    for (SealedCredential credential : pending.getOrDefault(work.operationId(), List.of())) {
      PlannedCredential planned = credential.planned();
      credentials.upsert(
          trx,
          planned.id(),
          credential.target().databaseId(),
          planned.username(),
          planned.scope(),
          credential.sealed(),
          Timestamps.of(planned.expiresAt()),
          null,
          ACTOR);
      audit.record(
          trx,
          ACTOR,
          "credential.issued",
          "credential",
          planned.id(),
          credential.target().organizationId(),
          Map.of(
              "credential_id", planned.id().toString(),
              "username", planned.username(),
              "scope", planned.scope().sqlValue(),
              "kms_key_id", credential.sealed().keyId(),
              "operation_id", work.operationId().toString()));
    }
  }

  /**
   * The environment's database, read once per attempt: the initial credentials are planned and
   * sealed against it, and it does not change while its operation runs.
   */
  private CredentialTarget target(OperationWork work) {
    return targets.computeIfAbsent(
        work.operationId(),
        id ->
            credentials
                .targetOfEnvironment(work.environmentId())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "environment " + work.environmentId() + " has no database")));
  }

  @Override
  public Optional<OperationWork> claim(UUID operationId) {
    // One conditional UPDATE both claims and reads the operation: a finished one matches nothing.
    OffsetDateTime now = Timestamps.now(clock);
    Record operation =
        dsl.update(Operation.TABLE)
            .set(Operation.STATUS, OperationStatus.RUNNING.sqlValue())
            .set(Operation.ATTEMPTS, Operation.ATTEMPTS.plus(1))
            .set(Operation.STARTED_AT, DSL.coalesce(Operation.STARTED_AT, DSL.val(now)))
            .set(Operation.UPDATED_AT, now)
            .where(Operation.ID.eq(operationId))
            .and(
                Operation.STATUS.in(
                    OperationStatus.claimable().stream().map(OperationStatus::sqlValue).toList()))
            .returning(Operation.KIND, Operation.RESOURCE_ID, Operation.PAYLOAD, Operation.ATTEMPTS)
            .fetchOne();
    if (operation == null) {
      return Optional.empty();
    }
    UUID environmentId = operation.get(Operation.RESOURCE_ID);
    Record database =
        dsl.select(
                EnvironmentDatabase.DRIVER,
                EnvironmentDatabase.DATABASE_NAME,
                EnvironmentDatabase.SERVER_ID)
            .from(EnvironmentDatabase.TABLE)
            .where(EnvironmentDatabase.ENVIRONMENT_ID.eq(environmentId))
            .fetchOne();
    if (database == null) {
      return Optional.empty();
    }
    UUID serverId = database.get(EnvironmentDatabase.SERVER_ID);
    ServerTarget server =
        serverId == null
            ? null
            : servers
                .target(serverId)
                .orElseThrow(() -> new IllegalStateException("server " + serverId + " is gone"));
    Map<String, Object> payload = Json.map(operation.get(Operation.PAYLOAD));
    Object mode = payload.get("mode");
    // A restore names its backup; the other kinds carry none.
    Object backup = payload.get("backup_id");
    return Optional.of(
        new OperationWork(
            operationId,
            OperationKind.fromSql(operation.get(Operation.KIND)),
            environmentId,
            database.get(EnvironmentDatabase.DRIVER),
            database.get(EnvironmentDatabase.DATABASE_NAME),
            server,
            (String) payload.get("source_database_name"),
            mode == null ? null : CopyMode.valueOf(mode.toString().toUpperCase(Locale.ROOT)),
            operation.get(Operation.ATTEMPTS),
            backup == null ? null : UUID.fromString(backup.toString())));
  }

  @Override
  public boolean isCurrent(OperationWork work) {
    return dsl.fetchExists(
        Operation.TABLE,
        Operation.ID
            .eq(work.operationId())
            .and(Operation.STATUS.eq(OperationStatus.RUNNING.sqlValue()))
            .and(Operation.ATTEMPTS.eq(work.attempt())));
  }

  @Override
  public void succeeded(OperationWork work, @Nullable ProvisionedDatabase database) {
    try {
      recordSuccess(work, database);
    } finally {
      pending.remove(work.operationId());
      targets.remove(work.operationId());
    }
    finished.accept(work.environmentId());
  }

  private void recordSuccess(OperationWork work, @Nullable ProvisionedDatabase database) {
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          OffsetDateTime now = Timestamps.now(clock);
          if (!finish(trx, work, OperationStatus.SUCCEEDED, null, now)) {
            return;
          }
          boolean archived = work.kind() == OperationKind.DEPROVISION;
          UUID organizationId =
              trx.update(Environment.TABLE)
                  .set(
                      Environment.STATUS,
                      (archived ? EnvironmentStatus.ARCHIVED : EnvironmentStatus.ACTIVE).sqlValue())
                  .setNull(Environment.ERROR)
                  .set(Environment.VERSION, Environment.VERSION.plus(1))
                  .set(Environment.UPDATED_AT, now)
                  .where(Environment.ID.eq(work.environmentId()))
                  .returning(Environment.ORGANIZATION_ID)
                  .fetchOne(Environment.ORGANIZATION_ID);
          if (archived) {
            revokeCredentials(trx, work);
          } else {
            storeCredentials(trx, work);
          }
          if (database != null) {
            trx.update(EnvironmentDatabase.TABLE)
                .set(EnvironmentDatabase.DATABASE_URL, database.databaseUrl())
                .set(EnvironmentDatabase.PROVISIONED_AT, now)
                .set(
                    EnvironmentDatabase.METADATA,
                    Json.jsonb(
                        Map.of(
                            "baseline_version", database.baselineVersion(),
                            "driver", database.metadata())))
                .set(EnvironmentDatabase.UPDATED_AT, now)
                .where(EnvironmentDatabase.ENVIRONMENT_ID.eq(work.environmentId()))
                .execute();
          }
          audit.record(
              trx,
              ACTOR,
              archived ? "environment.archived" : "environment.activated",
              "environment",
              work.environmentId(),
              organizationId,
              Map.of(
                  "operation_id", work.operationId().toString(), "kind", work.kind().sqlValue()));
        });
  }

  @Override
  public void failed(OperationWork work, String error) {
    pending.remove(work.operationId());
    targets.remove(work.operationId());
    recordFailure(work, error);
    finished.accept(work.environmentId());
  }

  private void recordFailure(OperationWork work, String error) {
    String bounded =
        error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          OffsetDateTime now = Timestamps.now(clock);
          if (!finish(trx, work, OperationStatus.FAILED, bounded, now)) {
            return;
          }
          if (work.kind() != OperationKind.DEPROVISION) {
            // Compensation dropped the database and its logins.
            revokeCredentials(trx, work);
          }
          UUID organizationId =
              trx.update(Environment.TABLE)
                  .set(Environment.STATUS, EnvironmentStatus.FAILED.sqlValue())
                  .set(Environment.ERROR, bounded)
                  .set(Environment.VERSION, Environment.VERSION.plus(1))
                  .set(Environment.UPDATED_AT, now)
                  .where(Environment.ID.eq(work.environmentId()))
                  .returning(Environment.ORGANIZATION_ID)
                  .fetchOne(Environment.ORGANIZATION_ID);
          audit.record(
              trx,
              ACTOR,
              "environment.failed",
              "environment",
              work.environmentId(),
              organizationId,
              Map.of(
                  "operation_id", work.operationId().toString(),
                  "kind", work.kind().sqlValue(),
                  "error", bounded));
        });
  }

  private void revokeCredentials(DSLContext trx, OperationWork work) {
    UUID databaseId =
        trx.select(EnvironmentDatabase.ID)
            .from(EnvironmentDatabase.TABLE)
            .where(EnvironmentDatabase.ENVIRONMENT_ID.eq(work.environmentId()))
            .fetchOne(EnvironmentDatabase.ID);
    if (databaseId != null) {
      credentials.revokeAllOfDatabase(trx, databaseId);
    }
  }

  /**
   * Records the outcome of this attempt, if it is still the operation's current one. A worker that
   * stalled past its heartbeats (a long pause, a partition from the store) has had its operation
   * revived by another replica and claimed again; when it wakes up its attempt is stale, and its
   * outcome must not be recorded a second time over the current attempt's (a second audit event, a
   * stale secret replacing the one the current attempt issued).
   *
   * @return whether the outcome was recorded; false leaves the whole transaction empty
   */
  private static boolean finish(
      DSLContext trx,
      OperationWork work,
      OperationStatus status,
      @Nullable String error,
      OffsetDateTime now) {
    int updated =
        trx.update(Operation.TABLE)
            .set(Operation.STATUS, status.sqlValue())
            .set(Operation.ERROR, error)
            .set(Operation.FINISHED_AT, now)
            .set(Operation.UPDATED_AT, now)
            .where(Operation.ID.eq(work.operationId()))
            .and(Operation.STATUS.eq(OperationStatus.RUNNING.sqlValue()))
            .and(Operation.ATTEMPTS.eq(work.attempt()))
            .execute();
    if (updated == 0) {
      log.warn(
          "attempt {} of operation {} is stale (the operation was revived elsewhere or is"
              + " finished); its outcome {} is not recorded",
          work.attempt(),
          work.operationId(),
          status.sqlValue());
    }
    return updated == 1;
  }
}
