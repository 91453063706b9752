package io.envprov.controlplane.audit;

import static io.envprov.controlplane.store.Tables.AuditEvent.*;

import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Timestamps;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Appends audit events inside the caller's transaction, so a change and its audit record commit or
 * roll back together. Details never hold secrets.
 */
@Component
public class AuditLog {

  private final Clock clock;

  AuditLog(Clock clock) {
    this.clock = clock;
  }

  /** Appends an event within the caller's transaction. */
  public void record(
      DSLContext trx,
      String actor,
      String action,
      String resourceType,
      UUID resourceId,
      @Nullable UUID organizationId,
      Map<String, ?> details) {
    insert(trx, actor, action, resourceType, resourceId, organizationId, details).execute();
  }

  /** The insert of one event, for callers that batch it with their own statements. */
  public org.jooq.Query entry(
      DSLContext trx,
      String actor,
      String action,
      String resourceType,
      UUID resourceId,
      @Nullable UUID organizationId,
      Map<String, ?> details) {
    return insert(trx, actor, action, resourceType, resourceId, organizationId, details);
  }

  private org.jooq.InsertSetMoreStep<org.jooq.Record> insert(
      DSLContext trx,
      String actor,
      String action,
      String resourceType,
      UUID resourceId,
      @Nullable UUID organizationId,
      Map<String, ?> details) {
    return trx.insertInto(TABLE)
        .set(ID, UUID.randomUUID())
        .set(OCCURRED_AT, Timestamps.now(clock))
        .set(ACTOR, actor)
        .set(ACTION, action)
        .set(RESOURCE_TYPE, resourceType)
        .set(RESOURCE_ID, resourceId)
        .set(ORGANIZATION_ID, organizationId)
        .set(DETAILS, Json.jsonb(details));
  }
}
