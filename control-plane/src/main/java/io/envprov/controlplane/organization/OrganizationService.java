package io.envprov.controlplane.organization;

import static io.envprov.controlplane.store.Tables.Organization.*;

import io.envprov.controlplane.access.Roles;
import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.environment.EnvironmentView;
import io.envprov.controlplane.environment.EnvironmentWriter;
import io.envprov.controlplane.environment.NewEnvironment;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Constraints;
import io.envprov.controlplane.store.Tables.OrganizationMember;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import io.envprov.provisioner.OperationKind;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Organizations. Creating one creates its {@code default} environment and enqueues the provisioning
 * of its database in the same transaction.
 */
@Service
class OrganizationService {

  private final DSLContext dsl;
  private final EnvironmentWriter environments;
  private final AuditLog audit;
  private final ControlPlaneProperties properties;
  private final Clock clock;

  OrganizationService(
      DSLContext dsl,
      EnvironmentWriter environments,
      AuditLog audit,
      ControlPlaneProperties properties,
      Clock clock) {
    this.dsl = dsl;
    this.environments = environments;
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
  }

  OrganizationView create(Actor actor, CreateOrganizationRequest request) {
    String driver = request.driver() == null ? properties.defaultDriver() : request.driver();
    environments.requireDriver(driver);
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    NewEnvironment defaultEnvironment =
        new NewEnvironment(
            id,
            // The default environment's slug is its type's name.
            EnvType.DEFAULT.sqlValue(),
            "Default",
            EnvType.DEFAULT,
            request.region() == null ? properties.defaultRegion() : request.region(),
            driver,
            "The organization's default environment",
            EnvType.DEFAULT.protectedByDefault(),
            Map.of(),
            null);
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          try {
            trx.insertInto(TABLE)
                .set(ID, id)
                .set(SLUG, request.slug())
                .set(NAME, request.name())
                .set(CREATED_AT, now)
                .set(UPDATED_AT, now)
                .execute();
          } catch (DataAccessException e) {
            if (Constraints.violated(e, "organization_slug_unique")) {
              throw new ApiException(
                  ErrorCode.SLUG_TAKEN,
                  "an organization with slug '" + request.slug() + "' exists",
                  List.of(new ApiException.FieldError("slug", "is taken")));
            }
            throw e;
          }
          audit.record(
              trx,
              actor.name(),
              "organization.created",
              "organization",
              id,
              id,
              Map.of("slug", request.slug()));
          founder(trx, actor, id, now);
          EnvironmentView environment =
              environments.create(
                  trx, defaultEnvironment, actor, OperationKind.PROVISION, Map.of());
          return new OrganizationView(id, request.slug(), request.name(), now, now, environment);
        });
  }

  /** A user who creates an organization becomes its first {@code org_admin}. */
  private static void founder(
      DSLContext trx, Actor actor, UUID organizationId, OffsetDateTime now) {
    if (actor.userId() == null) {
      return;
    }
    trx.insertInto(OrganizationMember.TABLE)
        .set(OrganizationMember.ID, UUID.randomUUID())
        .set(OrganizationMember.ORGANIZATION_ID, organizationId)
        .set(OrganizationMember.USER_ID, actor.userId())
        .set(OrganizationMember.ROLE, Roles.ORG_ADMIN)
        .set(OrganizationMember.CREATED_AT, now)
        .execute();
  }

  OrganizationView get(UUID id) {
    return dsl.selectFrom(TABLE)
        .where(ID.eq(id))
        .fetchOptional(OrganizationService::view)
        .orElseThrow(() -> ApiException.notFound("organization", id));
  }

  Page<OrganizationView> list(Condition visible, @Nullable PageCursor cursor, int limit) {
    Condition after =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(CREATED_AT, ID).gt(cursor.createdAt(), cursor.id());
    List<OrganizationView> rows =
        dsl.selectFrom(TABLE)
            .where(after)
            .and(visible)
            .orderBy(CREATED_AT, ID)
            .limit(limit + 1)
            .fetch(OrganizationService::view);
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<OrganizationView> items = List.copyOf(rows.subList(0, limit));
    OrganizationView last = items.get(limit - 1);
    return new Page<>(items, new PageCursor(last.createdAt(), last.id()).encode());
  }

  private static OrganizationView view(Record r) {
    return new OrganizationView(
        r.get(ID),
        r.get(SLUG),
        r.get(NAME),
        Timestamps.utc(r.get(CREATED_AT)),
        Timestamps.utc(r.get(UPDATED_AT)),
        null);
  }
}
