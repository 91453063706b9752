package io.envprov.controlplane.environment;

import static io.envprov.controlplane.domain.EnvironmentStatus.*;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.operation.OperationQueue;
import io.envprov.controlplane.operation.OperationRef;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Tables.Operation;
import io.envprov.controlplane.store.Tables.Organization;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.usage.StorageQuota;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.OperationKind;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** What admins do to environments. Every change is one transaction with its audit event. */
@Service
class EnvironmentService {

  private final DSLContext dsl;
  private final EnvironmentRepository environments;
  private final EnvironmentWriter writer;
  private final OperationQueue operations;
  private final AuditLog audit;
  private final DriverCatalog drivers;
  private final ControlPlaneProperties properties;
  private final Clock clock;
  private final EnvironmentRecovery recovery;
  private final StorageQuota quota;

  EnvironmentService(
      DSLContext dsl,
      EnvironmentRepository environments,
      EnvironmentWriter writer,
      OperationQueue operations,
      AuditLog audit,
      DriverCatalog drivers,
      ControlPlaneProperties properties,
      Clock clock,
      EnvironmentRecovery recovery,
      StorageQuota quota) {
    this.recovery = recovery;
    this.quota = quota;
    this.dsl = dsl;
    this.environments = environments;
    this.writer = writer;
    this.operations = operations;
    this.audit = audit;
    this.drivers = drivers;
    this.properties = properties;
    this.clock = clock;
  }

  EnvironmentView create(Actor actor, UUID organizationId, CreateEnvironmentRequest request) {
    String driver = request.driver() == null ? properties.defaultDriver() : request.driver();
    writer.requireDriver(driver);
    EnvType type = EnvType.fromSql(request.envType());
    NewEnvironment spec =
        new NewEnvironment(
            organizationId,
            request.slug(),
            request.name(),
            type,
            request.region() == null ? properties.defaultRegion() : request.region(),
            driver,
            request.description(),
            request.isProtected() == null ? type.protectedByDefault() : request.isProtected(),
            request.metadata() == null ? Map.of() : request.metadata(),
            null,
            null,
            request.storageLimitMb());
    return dsl.transactionResult(
        trx -> {
          requireOrganization(trx.dsl(), organizationId);
          return writer.create(trx.dsl(), spec, actor, OperationKind.PROVISION, Map.of());
        });
  }

  Page<EnvironmentView> list(
      UUID organizationId, @Nullable PageCursor cursor, int limit, boolean includeDeleted) {
    requireOrganization(dsl, organizationId);
    return environments.page(organizationId, cursor, limit, includeDeleted);
  }

  EnvironmentView get(UUID id) {
    return environments.find(id).orElseThrow(() -> ApiException.notFound("environment", id));
  }

  EnvironmentView update(
      Actor actor, UUID id, @Nullable String ifMatch, UpdateEnvironmentRequest request) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          EnvironmentView current = locked(trx, id);
          if (ifMatch != null && !ifMatch.equals(current.etag()) && !"*".equals(ifMatch)) {
            throw new ApiException(
                ErrorCode.PRECONDITION_FAILED,
                "the environment changed since ETag " + ifMatch + "; it is now " + current.etag());
          }
          if (!current.status().acceptsChanges()) {
            throw ApiException.invalidState("an archived environment cannot change");
          }
          Map<String, Object> changed = new LinkedHashMap<>();
          UpdateSetMoreStep<Record> update = bump(trx);
          if (request.name() != null) {
            update = update.set(Environment.NAME, request.name());
            changed.put("name", request.name());
          }
          if (request.description() != null) {
            update = update.set(Environment.DESCRIPTION, request.description());
            changed.put("description", request.description());
          }
          if (request.isProtected() != null) {
            update = update.set(Environment.IS_PROTECTED, request.isProtected());
            changed.put("is_protected", request.isProtected());
          }
          if (request.metadata() != null) {
            update = update.set(Environment.METADATA, Json.jsonb(request.metadata()));
            changed.put("metadata", "replaced");
          }
          update.where(Environment.ID.eq(id)).execute();
          if (request.storageLimitMb() != null) {
            trx.update(EnvironmentDatabase.TABLE)
                .set(EnvironmentDatabase.STORAGE_LIMIT_MB, request.storageLimitMb())
                .where(EnvironmentDatabase.ENVIRONMENT_ID.eq(id))
                .execute();
            changed.put("storage_limit_mb", request.storageLimitMb());
          }
          record(trx, actor, "environment.updated", current, changed);
          // A new limit applies to the last measured size at once (the collector confirms it).
          quota.settle(trx, java.util.List.of(id), actor.name());
          return reread(trx, id);
        });
  }

  EnvironmentView suspend(Actor actor, UUID id) {
    return transition(
        actor, id, EnvironmentStatus::suspendable, SUSPENDED, "environment.suspended");
  }

  EnvironmentView resume(Actor actor, UUID id) {
    return transition(actor, id, EnvironmentStatus::resumable, ACTIVE, "environment.resumed");
  }

  EnvironmentView delete(Actor actor, UUID id) {
    EnvironmentView deleted = deleteInTransaction(actor, id);
    if (deleted.status() == DELETED) {
      // Once the delete committed: no login of a deleted environment keeps working.
      recovery.revokeLogins(id);
    }
    return deleted;
  }

  EnvironmentView recover(Actor actor, UUID id) {
    return recovery.recover(actor, id);
  }

  private EnvironmentView deleteInTransaction(Actor actor, UUID id) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          EnvironmentView current = locked(trx, id);
          if (current.envType().permanent()) {
            throw new ApiException(
                ErrorCode.ENVIRONMENT_PROTECTED,
                "the organization's default environment cannot be deleted");
          }
          if (current.isProtected()) {
            throw new ApiException(
                ErrorCode.ENVIRONMENT_PROTECTED,
                "environment " + id + " is protected; PATCH is_protected to false first");
          }
          if (!current.status().deletable()) {
            throw ApiException.invalidState(
                "an environment that is " + current.status().sqlValue() + " cannot be deleted");
          }
          if (recovery.keepsOnDelete(current)) {
            return recovery.keep(trx, actor, current);
          }
          bump(trx)
              .set(Environment.STATUS, DEPROVISIONING.sqlValue())
              .where(Environment.ID.eq(id))
              .execute();
          OperationRef operation =
              operations.submit(OperationKind.DEPROVISION, id, Map.of(), actor.name());
          record(
              trx,
              actor,
              "environment.deleted",
              current,
              Map.of("operation_id", operation.id().toString()));
          return reread(trx, id).withOperation(operation);
        });
  }

  EnvironmentView copy(Actor actor, UUID sourceId, CopyEnvironmentRequest request) {
    String mode = request.mode() == null ? "everything" : request.mode();
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          trx.selectFrom(Environment.TABLE).where(Environment.ID.eq(sourceId)).forShare().execute();
          EnvironmentView source =
              environments
                  .find(trx, sourceId)
                  .orElseThrow(() -> ApiException.notFound("environment", sourceId));
          DatabaseView database = source.database();
          if (!source.status().copyable() || database == null) {
            throw ApiException.invalidState(
                "only an active or suspended environment can be copied; this one is "
                    + source.status().sqlValue());
          }
          String driver = database.driver();
          var capabilities = drivers.driver(driver).capabilities();
          boolean supported =
              "everything".equals(mode) ? capabilities.copy() : capabilities.schemaOnlyCopy();
          if (!supported) {
            throw ApiException.validation("mode", "driver " + driver + " cannot copy " + mode);
          }
          NewEnvironment spec =
              new NewEnvironment(
                  source.organizationId(),
                  request.slug(),
                  request.name(),
                  EnvType.fromSql(request.envType()),
                  source.region(),
                  driver,
                  source.description(),
                  EnvType.fromSql(request.envType()).protectedByDefault(),
                  source.metadata(),
                  database.serverId(),
                  EnvironmentSource.copyOf(sourceId, mode),
                  null);
          Map<String, Object> payload = new LinkedHashMap<>();
          payload.put("source_environment_id", sourceId.toString());
          payload.put("source_database_name", database.databaseName());
          payload.put("mode", mode);
          return writer.create(trx, spec, actor, OperationKind.COPY, payload);
        });
  }

  EnvironmentView retry(Actor actor, UUID id) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          EnvironmentView current = locked(trx, id);
          if (!current.status().retryable()) {
            throw ApiException.invalidState(
                "only a failed environment can be retried; this one is "
                    + current.status().sqlValue());
          }
          // The last lifecycle operation: package installs and promotions never fail the
          // environment, so they are not what a retry runs again.
          Record last =
              trx.selectFrom(Operation.TABLE)
                  .where(Operation.RESOURCE_ID.eq(id))
                  .and(
                      Operation.KIND.in(
                          java.util.Arrays.stream(OperationKind.values())
                              .filter(OperationKind::lifecycle)
                              .map(OperationKind::sqlValue)
                              .toList()))
                  .orderBy(Operation.CREATED_AT.desc())
                  .limit(1)
                  .fetchOne();
          if (last == null) {
            // Every environment is created with its operation; this only guards a hand-made row.
            throw ApiException.invalidState("the environment has no operation to retry");
          }
          OperationKind kind = OperationKind.fromSql(last.get(Operation.KIND));
          EnvironmentStatus status =
              kind == OperationKind.DEPROVISION ? DEPROVISIONING : PROVISIONING;
          bump(trx)
              .set(Environment.STATUS, status.sqlValue())
              .setNull(Environment.ERROR)
              .where(Environment.ID.eq(id))
              .execute();
          OperationRef operation =
              operations.submit(kind, id, Json.map(last.get(Operation.PAYLOAD)), actor.name());
          record(
              trx,
              actor,
              "environment.retried",
              current,
              Map.of("operation_id", operation.id().toString()));
          return reread(trx, id).withOperation(operation);
        });
  }

  private EnvironmentView transition(
      Actor actor,
      UUID id,
      java.util.function.Predicate<EnvironmentStatus> allowed,
      EnvironmentStatus to,
      String action) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          EnvironmentView current = locked(trx, id);
          if (!allowed.test(current.status())) {
            throw ApiException.invalidState(
                "an environment that is "
                    + current.status().sqlValue()
                    + " cannot become "
                    + to.sqlValue());
          }
          bump(trx).set(Environment.STATUS, to.sqlValue()).where(Environment.ID.eq(id)).execute();
          record(trx, actor, action, current, Map.of("from", current.status().sqlValue()));
          return reread(trx, id);
        });
  }

  private EnvironmentView locked(DSLContext trx, UUID id) {
    return environments.lock(trx, id).orElseThrow(() -> ApiException.notFound("environment", id));
  }

  /** The environment as the running transaction just changed it (its row is locked). */
  private EnvironmentView reread(DSLContext trx, UUID id) {
    return environments.find(trx, id).orElseThrow();
  }

  private UpdateSetMoreStep<Record> bump(DSLContext trx) {
    return trx.update(Environment.TABLE)
        .set(Environment.VERSION, Environment.VERSION.plus(1))
        .set(Environment.UPDATED_AT, Timestamps.now(clock));
  }

  private void record(
      DSLContext trx,
      Actor actor,
      String action,
      EnvironmentView environment,
      Map<String, ?> details) {
    audit.record(
        trx,
        actor.name(),
        action,
        "environment",
        environment.id(),
        environment.organizationId(),
        details);
  }

  private static void requireOrganization(DSLContext context, UUID organizationId) {
    if (!context.fetchExists(Organization.TABLE, Organization.ID.eq(organizationId))) {
      throw ApiException.notFound("organization", organizationId);
    }
  }
}
