package io.envprov.controlplane.environment;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.operation.OperationQueue;
import io.envprov.controlplane.operation.OperationRef;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.server.ServerPlacement;
import io.envprov.controlplane.store.Constraints;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.OperationKind;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Creates an environment, its database row and the operation that provisions it, inside the
 * caller's transaction: all of it commits together or not at all.
 */
@Component
public class EnvironmentWriter {

  private final OperationQueue operations;
  private final AuditLog audit;
  private final DriverCatalog drivers;
  private final ServerPlacement placement;
  private final Clock clock;

  EnvironmentWriter(
      OperationQueue operations,
      AuditLog audit,
      DriverCatalog drivers,
      ServerPlacement placement,
      Clock clock) {
    this.operations = operations;
    this.audit = audit;
    this.drivers = drivers;
    this.placement = placement;
    this.clock = clock;
  }

  /** Refuses a driver that is not on the class path. */
  public void requireDriver(String driver) {
    if (!drivers.isAvailable(driver)) {
      throw new ApiException(
          ErrorCode.DRIVER_UNAVAILABLE,
          "no driver named '"
              + driver
              + "' is installed (available: "
              + String.join(", ", drivers.names())
              + ")",
          java.util.List.of(new ApiException.FieldError("driver", "is not installed")));
    }
  }

  /**
   * Inserts the environment and submits its provisioning (or, for a copy, its copy) in the caller's
   * transaction {@code trx}, which must be running.
   *
   * @param kind {@link OperationKind#PROVISION}, {@link OperationKind#COPY} or {@link
   *     OperationKind#RESTORE}
   * @param payload the operation's payload (the copy source and mode, the backup restored)
   */
  public EnvironmentView create(
      DSLContext trx,
      NewEnvironment spec,
      Actor actor,
      OperationKind kind,
      Map<String, ?> payload) {
    UUID environmentId = UUID.randomUUID();
    UUID databaseId = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    String databaseName = "env_" + HexFormat.of().formatHex(uuidBytes(UUID.randomUUID()));
    @Nullable UUID serverId =
        spec.serverId() != null
            ? spec.serverId()
            : drivers.driver(spec.driver()).capabilities().requiresServer()
                ? placement.place(trx, spec.driver(), spec.region())
                : null;
    // The operation has no foreign key to the environment, so it goes first and its id is known
    // to the audit event; a failure below rolls all of it back.
    OperationRef operation = operations.submit(kind, environmentId, payload, actor.name());
    insert(
        trx,
        spec,
        actor,
        kind,
        payload,
        operation,
        environmentId,
        databaseId,
        databaseName,
        now,
        serverId);
    // What was just written, without reading it back.
    return new EnvironmentView(
        environmentId,
        spec.organizationId(),
        spec.slug(),
        spec.name(),
        spec.description(),
        spec.envType(),
        spec.region(),
        spec.isDefault(),
        spec.isProtected(),
        EnvironmentStatus.INITIAL,
        actor.name(),
        spec.metadata(),
        now,
        now,
        new DatabaseView(
            databaseId,
            environmentId,
            databaseName,
            null,
            spec.driver(),
            serverId,
            spec.region(),
            spec.storageLimitMb(),
            null,
            null,
            Map.of(),
            now,
            now,
            null,
            null),
        null,
        spec.source(),
        operation,
        EnvironmentBackups.NONE,
        1L,
        null,
        null,
        false);
  }

  private void insert(
      DSLContext trx,
      NewEnvironment spec,
      Actor actor,
      OperationKind kind,
      Map<String, ?> payload,
      OperationRef operation,
      UUID environmentId,
      UUID databaseId,
      String databaseName,
      OffsetDateTime now,
      @Nullable UUID serverId) {
    EnvironmentSource source =
        spec.source() == null ? new EnvironmentSource(null, null, null) : spec.source();
    List<Query> statements =
        List.of(
            trx.insertInto(Environment.TABLE)
                .set(Environment.ID, environmentId)
                .set(Environment.ORGANIZATION_ID, spec.organizationId())
                .set(Environment.SLUG, spec.slug())
                .set(Environment.NAME, spec.name())
                .set(Environment.DESCRIPTION, spec.description())
                .set(Environment.ENV_TYPE, spec.envType().sqlValue())
                .set(Environment.REGION, spec.region())
                .set(Environment.IS_DEFAULT, spec.isDefault())
                .set(Environment.IS_PROTECTED, spec.isProtected())
                .set(Environment.STATUS, EnvironmentStatus.INITIAL.sqlValue())
                .set(Environment.CREATED_BY, actor.name())
                .set(Environment.METADATA, Json.jsonb(spec.metadata()))
                .set(Environment.VERSION, 1L)
                .set(Environment.CREATED_AT, now)
                .set(Environment.UPDATED_AT, now)
                .set(Environment.SOURCE_ENVIRONMENT_ID, source.environmentId())
                .set(Environment.SOURCE_COPY_MODE, source.mode())
                .set(Environment.SOURCE_BACKUP_ID, source.backupId()),
            trx.insertInto(EnvironmentDatabase.TABLE)
                .set(EnvironmentDatabase.ID, databaseId)
                .set(EnvironmentDatabase.ENVIRONMENT_ID, environmentId)
                .set(EnvironmentDatabase.DATABASE_NAME, databaseName)
                .set(EnvironmentDatabase.DRIVER, spec.driver())
                .set(EnvironmentDatabase.SERVER_ID, serverId)
                .set(EnvironmentDatabase.REGION, spec.region())
                .set(EnvironmentDatabase.STORAGE_LIMIT_MB, spec.storageLimitMb())
                .set(EnvironmentDatabase.METADATA, Json.jsonb(Map.of()))
                .set(EnvironmentDatabase.CREATED_AT, now)
                .set(EnvironmentDatabase.UPDATED_AT, now),
            audit.entry(
                trx,
                new AuditLog.Event(
                    actor.name(),
                    switch (kind) {
                      case COPY -> "environment.copied";
                      case RESTORE -> "environment.restored";
                      default -> "environment.created";
                    },
                    "environment",
                    environmentId,
                    spec.organizationId(),
                    auditDetails(spec, operation, payload))));
    try {
      // One round trip for the three statements; the caller's transaction makes them atomic.
      trx.batch(statements).execute();
    } catch (DataAccessException e) {
      if (Constraints.violated(e, "environment_organization_id_fkey")) {
        throw ApiException.notFound("organization", spec.organizationId());
      }
      if (Constraints.violated(e, "environment_slug_unique")) {
        throw new ApiException(
            ErrorCode.SLUG_TAKEN,
            "the organization already has an environment with slug '" + spec.slug() + "'",
            List.of(new ApiException.FieldError("slug", "is taken")));
      }
      throw e;
    }
  }

  private static Map<String, Object> auditDetails(
      NewEnvironment spec, OperationRef operation, Map<String, ?> payload) {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("slug", spec.slug());
    details.put("env_type", spec.envType().sqlValue());
    details.put("driver", spec.driver());
    details.put("operation_id", operation.id().toString());
    details.putAll(payload);
    return details;
  }

  private static byte[] uuidBytes(UUID uuid) {
    return java.nio.ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }
}
