package io.envprov.controlplane.environment;

import static io.envprov.controlplane.domain.EnvironmentStatus.*;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.credential.CredentialLifecycle;
import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.domain.CredentialStatus;
import io.envprov.controlplane.operation.OperationQueue;
import io.envprov.controlplane.operation.OperationRef;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Constraints;
import io.envprov.controlplane.store.Tables.DatabaseCredential;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.provisioner.OperationKind;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The recovery window of deletes ({@code controlplane.environments.recovery-window}): a deleted
 * {@code active} or {@code suspended} environment turns {@code deleted} and keeps its database
 * until {@code purge_after}. Meanwhile it is not routable (the broker serves only active ones), its
 * credentials are revoked (logins dropped through the driver, rows marked revoked), its slug is
 * free for a new environment, and it can be recovered: back to {@code active} with fresh initial
 * credentials. Past the window the purge moves it to {@code deprovisioning} and enqueues the
 * ordinary {@code deprovision} operation, which drops the database as a delete without a window
 * does.
 */
@Component
class EnvironmentRecovery {

  /** The actor of what the window does by itself: revocations, purges, recovered credentials. */
  static final String ACTOR = "system:recovery";

  private static final Logger log = LoggerFactory.getLogger(EnvironmentRecovery.class);

  private final DSLContext dsl;
  private final EnvironmentRepository environments;
  private final CredentialRecords credentials;
  private final CredentialLifecycle lifecycle;
  private final OperationQueue operations;
  private final AuditLog audit;
  private final EnvironmentProperties properties;
  private final Clock clock;

  EnvironmentRecovery(
      DSLContext dsl,
      EnvironmentRepository environments,
      CredentialRecords credentials,
      CredentialLifecycle lifecycle,
      OperationQueue operations,
      AuditLog audit,
      EnvironmentProperties properties,
      Clock clock) {
    this.dsl = dsl;
    this.environments = environments;
    this.credentials = credentials;
    this.lifecycle = lifecycle;
    this.operations = operations;
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
  }

  /** Whether a delete of the environment keeps its database for the window. */
  boolean keepsOnDelete(EnvironmentView environment) {
    return properties.keepsDeleted() && environment.status().keptOnDelete();
  }

  /**
   * Moves the environment (locked by the caller's transaction {@code trx}) to {@code deleted}, with
   * its audit event. Its logins are revoked once this commits ({@link #revokeLogins}).
   */
  EnvironmentView keep(DSLContext trx, Actor actor, EnvironmentView current) {
    OffsetDateTime now = Timestamps.now(clock);
    OffsetDateTime purgeAfter = now.plus(properties.recoveryWindow());
    trx.update(Environment.TABLE)
        .set(Environment.STATUS, DELETED.sqlValue())
        .set(Environment.DELETED_AT, now)
        .set(Environment.PURGE_AFTER, purgeAfter)
        .set(Environment.VERSION, Environment.VERSION.plus(1))
        .set(Environment.UPDATED_AT, now)
        .where(Environment.ID.eq(current.id()))
        .execute();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("from", current.status().sqlValue());
    details.put("purge_after", purgeAfter.toString());
    details.put("recovery_window", properties.recoveryWindow().toString());
    audit.record(
        trx,
        actor.name(),
        "environment.deleted",
        "environment",
        current.id(),
        current.organizationId(),
        details);
    return environments.find(trx, current.id()).orElseThrow();
  }

  /**
   * Revokes the live credentials of a deleted environment: each login is dropped through its driver
   * and marked revoked. Blocking; what fails stays live and is retried by the next {@link #sweep}.
   *
   * @return how many could not be revoked
   */
  int revokeLogins(UUID environmentId) {
    CredentialTarget target = credentials.targetOfEnvironment(environmentId).orElse(null);
    if (target == null || target.envStatus() != DELETED) {
      return 0;
    }
    return lifecycle.revokeAll(target, ACTOR);
  }

  /**
   * Brings a deleted environment back to {@code active} (a suspended one too: it comes back
   * usable), its window cleared, and issues it fresh initial credentials ({@code admin} and {@code
   * readwrite}, as provisioning does).
   *
   * @throws ApiException 409 {@code invalid_state} when it is not deleted, 409 {@code slug_taken}
   *     when another environment took its slug meanwhile (nothing changes)
   */
  EnvironmentView recover(Actor actor, UUID id) {
    EnvironmentView recovered =
        dsl.transactionResult(
            configuration -> {
              DSLContext trx = configuration.dsl();
              EnvironmentView current =
                  environments
                      .lock(trx, id)
                      .orElseThrow(() -> ApiException.notFound("environment", id));
              if (!current.status().recoverable()) {
                throw ApiException.invalidState(
                    "only a deleted environment can be recovered; this one is "
                        + current.status().sqlValue());
              }
              if (slugTaken(trx, current)) {
                throw slugTaken(current);
              }
              OffsetDateTime now = Timestamps.now(clock);
              try {
                trx.update(Environment.TABLE)
                    .set(Environment.STATUS, ACTIVE.sqlValue())
                    .setNull(Environment.DELETED_AT)
                    .setNull(Environment.PURGE_AFTER)
                    .set(Environment.VERSION, Environment.VERSION.plus(1))
                    .set(Environment.UPDATED_AT, now)
                    .where(Environment.ID.eq(id))
                    .execute();
              } catch (DataAccessException e) {
                // Taken between the check and the update, by a create that had not committed.
                if (Constraints.violated(e, "environment_slug_unique")) {
                  throw slugTaken(current);
                }
                throw e;
              }
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("deleted_at", String.valueOf(current.deletedAt()));
              details.put("purge_after", String.valueOf(current.purgeAfter()));
              audit.record(
                  trx,
                  actor.name(),
                  "environment.recovered",
                  "environment",
                  id,
                  current.organizationId(),
                  details);
              return environments.find(trx, id).orElseThrow();
            });
    issueInitialCredentials(id);
    return recovered;
  }

  private static boolean slugTaken(DSLContext trx, EnvironmentView environment) {
    return trx.fetchExists(
        Environment.TABLE,
        Environment.ORGANIZATION_ID
            .eq(environment.organizationId())
            .and(Environment.SLUG.eq(environment.slug()))
            .and(Environment.ID.ne(environment.id()))
            .and(Environment.STATUS.notIn(ARCHIVED.sqlValue(), DELETED.sqlValue())));
  }

  private static ApiException slugTaken(EnvironmentView environment) {
    return new ApiException(
        ErrorCode.SLUG_TAKEN,
        "another environment of the organization took slug '"
            + environment.slug()
            + "' since this one was deleted; it cannot be recovered while that one exists",
        List.of(new ApiException.FieldError("slug", "is taken")));
  }

  /**
   * The recovered environment's initial credentials, as provisioning issues them: its old ones were
   * revoked at the delete. Best effort once the recovery committed: the connection broker issues a
   * scope's credential on first use anyway, so a failure here costs a data plane one issue later.
   */
  private void issueInitialCredentials(UUID id) {
    CredentialTarget target = credentials.targetOfEnvironment(id).orElse(null);
    if (target == null) {
      return;
    }
    for (CredentialScope scope : List.of(CredentialScope.ADMIN, CredentialScope.READWRITE)) {
      try {
        lifecycle.issue(target, scope, null, ACTOR);
      } catch (RuntimeException e) {
        log.warn(
            "the {} credential of recovered environment {} could not be issued (the broker issues"
                + " one on first use): {}",
            scope.sqlValue(),
            id,
            e.getMessage());
      }
    }
  }

  /** What one {@link #sweep} did. */
  record Swept(int purged, int revocationsLeft) {}

  /**
   * One pass of the recurring task: revokes credentials of deleted environments that are still live
   * (a revocation that failed at the delete, an issue that raced it), then purges the environments
   * past their window.
   */
  Swept sweep() {
    int left = 0;
    for (UUID environmentId : deletedWithLiveCredentials()) {
      left += revokeLogins(environmentId);
    }
    return new Swept(purgeDue(), left);
  }

  private List<UUID> deletedWithLiveCredentials() {
    return dsl.select(Environment.ID)
        .from(Environment.TABLE)
        .join(EnvironmentDatabase.TABLE)
        .on(EnvironmentDatabase.ENVIRONMENT_ID.eq(Environment.ID))
        .where(Environment.STATUS.eq(DELETED.sqlValue()))
        .andExists(
            DSL.selectOne()
                .from(DatabaseCredential.TABLE)
                .where(DatabaseCredential.DATABASE_ID.eq(EnvironmentDatabase.ID))
                .and(DatabaseCredential.STATUS.ne(CredentialStatus.REVOKED.sqlValue())))
        .limit(properties.purgeBatch())
        .fetch(Environment.ID);
  }

  /**
   * Moves every deleted environment past its {@code purge_after} to {@code deprovisioning} and
   * enqueues its {@code deprovision} operation, in batches. Each row is claimed with {@code SKIP
   * LOCKED} and changes status in the transaction that submits its operation, so concurrent purges
   * (replicas, a recover racing) never enqueue two for one environment.
   *
   * @return how many environments were purged
   */
  int purgeDue() {
    int purged = 0;
    while (true) {
      int batch =
          dsl.transactionResult(
              configuration -> {
                DSLContext trx = configuration.dsl();
                OffsetDateTime now = Timestamps.now(clock);
                var due =
                    trx.select(
                            Environment.ID,
                            Environment.ORGANIZATION_ID,
                            Environment.DELETED_AT,
                            Environment.PURGE_AFTER)
                        .from(Environment.TABLE)
                        .where(Environment.STATUS.eq(DELETED.sqlValue()))
                        .and(Environment.PURGE_AFTER.le(now))
                        .orderBy(Environment.PURGE_AFTER)
                        .limit(properties.purgeBatch())
                        .forUpdate()
                        .skipLocked()
                        .fetch();
                for (Record row : due) {
                  purge(trx, row, now);
                }
                return due.size();
              });
      purged += batch;
      if (batch < properties.purgeBatch()) {
        break;
      }
    }
    if (purged > 0) {
      log.info("purged {} deleted environments past their recovery window", purged);
    }
    return purged;
  }

  private void purge(DSLContext trx, Record row, OffsetDateTime now) {
    UUID id = row.get(Environment.ID);
    trx.update(Environment.TABLE)
        .set(Environment.STATUS, DEPROVISIONING.sqlValue())
        .setNull(Environment.PURGE_AFTER)
        .set(Environment.VERSION, Environment.VERSION.plus(1))
        .set(Environment.UPDATED_AT, now)
        .where(Environment.ID.eq(id))
        .execute();
    OperationRef operation = operations.submit(OperationKind.DEPROVISION, id, Map.of(), ACTOR);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("operation_id", operation.id().toString());
    details.put("deleted_at", String.valueOf(Timestamps.utc(row.get(Environment.DELETED_AT))));
    details.put("purge_after", String.valueOf(Timestamps.utc(row.get(Environment.PURGE_AFTER))));
    audit.record(
        trx,
        ACTOR,
        "environment.purged",
        "environment",
        id,
        row.get(Environment.ORGANIZATION_ID),
        details);
  }
}
