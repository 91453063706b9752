package io.envprov.controlplane.environment;

import static io.envprov.controlplane.domain.EnvironmentStatus.*;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.operation.OperationQueue;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.Operation;
import io.envprov.controlplane.store.Tables.Organization;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.store.Transactions;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

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

  EnvironmentService(
      @Qualifier("reactive") DSLContext dsl,
      EnvironmentRepository environments,
      EnvironmentWriter writer,
      OperationQueue operations,
      AuditLog audit,
      DriverCatalog drivers,
      ControlPlaneProperties properties,
      Clock clock) {
    this.dsl = dsl;
    this.environments = environments;
    this.writer = writer;
    this.operations = operations;
    this.audit = audit;
    this.drivers = drivers;
    this.properties = properties;
    this.clock = clock;
  }

  Mono<EnvironmentView> create(Actor actor, UUID organizationId, CreateEnvironmentRequest request) {
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
            null);
    return transaction(
            trx ->
                requireOrganization(trx, organizationId)
                    .then(writer.create(trx, spec, actor, OperationKind.PROVISION, Map.of())))
        .doOnSuccess(view -> operations.committed());
  }

  Mono<Page<EnvironmentView>> list(UUID organizationId, @Nullable PageCursor cursor, int limit) {
    return requireOrganization(dsl, organizationId)
        .then(environments.page(organizationId, cursor, limit));
  }

  Mono<EnvironmentView> get(UUID id) {
    return environments
        .find(id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("environment", id)));
  }

  Mono<EnvironmentView> update(
      Actor actor, UUID id, @Nullable String ifMatch, UpdateEnvironmentRequest request) {
    return transaction(
        trx ->
            locked(trx, id)
                .flatMap(
                    current -> {
                      if (ifMatch != null
                          && !ifMatch.equals(current.etag())
                          && !"*".equals(ifMatch)) {
                        return Mono.error(
                            new ApiException(
                                ErrorCode.PRECONDITION_FAILED,
                                "the environment changed since ETag "
                                    + ifMatch
                                    + "; it is now "
                                    + current.etag()));
                      }
                      if (!current.status().acceptsChanges()) {
                        return Mono.error(
                            ApiException.invalidState("an archived environment cannot change"));
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
                      return Mono.from(update.where(Environment.ID.eq(id)))
                          .then(record(trx, actor, "environment.updated", current, changed))
                          .then(environments.find(trx, id));
                    }));
  }

  Mono<EnvironmentView> suspend(Actor actor, UUID id) {
    return transition(
        actor, id, EnvironmentStatus::suspendable, SUSPENDED, "environment.suspended");
  }

  Mono<EnvironmentView> resume(Actor actor, UUID id) {
    return transition(actor, id, EnvironmentStatus::resumable, ACTIVE, "environment.resumed");
  }

  Mono<EnvironmentView> delete(Actor actor, UUID id) {
    Mono<EnvironmentView> deleted =
        transaction(
            trx ->
                locked(trx, id)
                    .flatMap(
                        current -> {
                          if (current.envType().permanent()) {
                            return Mono.error(
                                new ApiException(
                                    ErrorCode.ENVIRONMENT_PROTECTED,
                                    "the organization's default environment cannot be deleted"));
                          }
                          if (current.isProtected()) {
                            return Mono.error(
                                new ApiException(
                                    ErrorCode.ENVIRONMENT_PROTECTED,
                                    "environment "
                                        + id
                                        + " is protected; PATCH is_protected to false first"));
                          }
                          if (!current.status().deletable()) {
                            return Mono.error(
                                ApiException.invalidState(
                                    "an environment that is "
                                        + current.status().sqlValue()
                                        + " cannot be deleted"));
                          }
                          return Mono.from(
                                  bump(trx)
                                      .set(Environment.STATUS, DEPROVISIONING.sqlValue())
                                      .where(Environment.ID.eq(id)))
                              .then(
                                  operations.enqueue(
                                      trx, OperationKind.DEPROVISION, id, Map.of(), actor.name()))
                              .flatMap(
                                  operation ->
                                      record(
                                              trx,
                                              actor,
                                              "environment.deleted",
                                              current,
                                              Map.of("operation_id", operation.id().toString()))
                                          .then(environments.find(trx, id))
                                          .map(view -> view.withOperation(operation)));
                        }));
    return deleted.doOnSuccess(view -> operations.committed());
  }

  Mono<EnvironmentView> copy(Actor actor, UUID sourceId, CopyEnvironmentRequest request) {
    String mode = request.mode() == null ? "everything" : request.mode();
    return transaction(
            trx ->
                Mono.from(
                        trx.selectFrom(Environment.TABLE)
                            .where(Environment.ID.eq(sourceId))
                            .forShare())
                    .then(environments.find(trx, sourceId))
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("environment", sourceId)))
                    .flatMap(
                        source -> {
                          if (!source.status().copyable() || source.database() == null) {
                            return Mono.error(
                                ApiException.invalidState(
                                    "only an active or suspended environment can be copied; this one is "
                                        + source.status().sqlValue()));
                          }
                          String driver = source.database().driver();
                          var capabilities = drivers.driver(driver).capabilities();
                          boolean supported =
                              "everything".equals(mode)
                                  ? capabilities.copy()
                                  : capabilities.schemaOnlyCopy();
                          if (!supported) {
                            return Mono.error(
                                ApiException.validation(
                                    "mode", "driver " + driver + " cannot copy " + mode));
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
                                  source.database().serverId());
                          Map<String, Object> payload = new LinkedHashMap<>();
                          payload.put("source_environment_id", sourceId.toString());
                          payload.put("source_database_name", source.database().databaseName());
                          payload.put("mode", mode);
                          return writer.create(trx, spec, actor, OperationKind.COPY, payload);
                        }))
        .doOnSuccess(view -> operations.committed());
  }

  Mono<EnvironmentView> retry(Actor actor, UUID id) {
    return transaction(
            trx ->
                locked(trx, id)
                    .flatMap(
                        current -> {
                          if (!current.status().retryable()) {
                            return Mono.error(
                                ApiException.invalidState(
                                    "only a failed environment can be retried; this one is "
                                        + current.status().sqlValue()));
                          }
                          return Mono.from(
                                  trx.selectFrom(Operation.TABLE)
                                      .where(Operation.RESOURCE_ID.eq(id))
                                      .orderBy(Operation.CREATED_AT.desc())
                                      .limit(1))
                              .flatMap(
                                  last -> {
                                    OperationKind kind =
                                        OperationKind.fromSql(last.get(Operation.KIND));
                                    EnvironmentStatus status =
                                        kind == OperationKind.DEPROVISION
                                            ? DEPROVISIONING
                                            : PROVISIONING;
                                    return Mono.from(
                                            bump(trx)
                                                .set(Environment.STATUS, status.sqlValue())
                                                .setNull(Environment.ERROR)
                                                .where(Environment.ID.eq(id)))
                                        .then(
                                            operations.enqueue(
                                                trx,
                                                kind,
                                                id,
                                                Json.map(last.get(Operation.PAYLOAD)),
                                                actor.name()))
                                        .flatMap(
                                            operation ->
                                                record(
                                                        trx,
                                                        actor,
                                                        "environment.retried",
                                                        current,
                                                        Map.of(
                                                            "operation_id",
                                                            operation.id().toString()))
                                                    .then(environments.find(trx, id))
                                                    .map(view -> view.withOperation(operation)));
                                  });
                        }))
        .doOnSuccess(view -> operations.committed());
  }

  private Mono<EnvironmentView> transition(
      Actor actor,
      UUID id,
      java.util.function.Predicate<EnvironmentStatus> allowed,
      EnvironmentStatus to,
      String action) {
    return transaction(
        trx ->
            locked(trx, id)
                .flatMap(
                    current -> {
                      if (!allowed.test(current.status())) {
                        return Mono.error(
                            ApiException.invalidState(
                                "an environment that is "
                                    + current.status().sqlValue()
                                    + " cannot become "
                                    + to.sqlValue()));
                      }
                      return Mono.from(
                              bump(trx)
                                  .set(Environment.STATUS, to.sqlValue())
                                  .where(Environment.ID.eq(id)))
                          .then(
                              record(
                                  trx,
                                  actor,
                                  action,
                                  current,
                                  Map.of("from", current.status().sqlValue())))
                          .then(environments.find(trx, id));
                    }));
  }

  private Mono<EnvironmentView> locked(DSLContext trx, UUID id) {
    return environments
        .lock(trx, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("environment", id)));
  }

  private UpdateSetMoreStep<Record> bump(DSLContext trx) {
    return trx.update(Environment.TABLE)
        .set(Environment.VERSION, Environment.VERSION.plus(1))
        .set(Environment.UPDATED_AT, Timestamps.now(clock));
  }

  private Mono<Void> record(
      DSLContext trx,
      Actor actor,
      String action,
      EnvironmentView environment,
      Map<String, ?> details) {
    return audit.record(
        trx,
        actor.name(),
        action,
        "environment",
        environment.id(),
        environment.organizationId(),
        details);
  }

  private static Mono<Void> requireOrganization(DSLContext context, UUID organizationId) {
    return Mono.from(
            context.selectOne().from(Organization.TABLE).where(Organization.ID.eq(organizationId)))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("organization", organizationId)))
        .then();
  }

  private <T> Mono<T> transaction(java.util.function.Function<DSLContext, Mono<T>> work) {
    return Transactions.reactive(dsl, work);
  }
}
