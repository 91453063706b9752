package io.envprov.controlplane.audit;

import static io.envprov.controlplane.store.Tables.AuditEvent.*;

import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Timestamps;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Query;
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

  /**
   * One event, as {@link #record} takes it, for {@link #entry}.
   *
   * @param actor who did it: an actor's name, or {@code system:...}
   * @param organizationId the organization it concerns, if any
   * @param details what else an auditor needs; never a secret
   */
  public record Event(
      String actor,
      String action,
      String resourceType,
      UUID resourceId,
      @Nullable UUID organizationId,
      Map<String, ?> details) {}

  /** Appends an event within the caller's transaction. */
  public void record(
      DSLContext trx,
      String actor,
      String action,
      String resourceType,
      UUID resourceId,
      @Nullable UUID organizationId,
      Map<String, ?> details) {
    entry(trx, new Event(actor, action, resourceType, resourceId, organizationId, details))
        .execute();
  }

  /** The insert of one event, for callers that batch it with their own statements. */
  public Query entry(DSLContext trx, Event event) {
    return trx.insertInto(TABLE)
        .set(ID, UUID.randomUUID())
        .set(OCCURRED_AT, Timestamps.now(clock))
        .set(ACTOR, event.actor())
        .set(ACTION, event.action())
        .set(RESOURCE_TYPE, event.resourceType())
        .set(RESOURCE_ID, event.resourceId())
        .set(ORGANIZATION_ID, event.organizationId())
        .set(DETAILS, Json.jsonb(event.details()));
  }
}
