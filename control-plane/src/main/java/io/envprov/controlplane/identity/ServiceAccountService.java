package io.envprov.controlplane.identity;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.Scopes;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.security.ApiKeys;
import io.envprov.controlplane.store.Tables.ApiKey;
import io.envprov.controlplane.store.Tables.Organization;
import io.envprov.controlplane.store.Tables.ServiceAccountOrganization;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Data-plane service accounts, each scoped to the organizations it may serve ({@code
 * organization_ids}, or {@code all_organizations}, which only a platform admin may set) and to the
 * highest credential scope the connection broker serves it ({@code max_scope}, {@code readwrite}
 * unless {@code admin} or {@code readonly} is asked for).
 */
@Service
class ServiceAccountService {

  static final String DEFAULT_MAX_SCOPE = Scopes.DEFAULT.sqlValue();

  private final DSLContext dsl;
  private final AuditLog audit;
  private final Clock clock;

  ServiceAccountService(DSLContext dsl, AuditLog audit, Clock clock) {
    this.dsl = dsl;
    this.audit = audit;
    this.clock = clock;
  }

  ServiceAccountView create(Actor actor, CreateServiceAccountRequest request) {
    boolean all = Boolean.TRUE.equals(request.allOrganizations());
    List<UUID> listed = request.organizationIds() == null ? List.of() : request.organizationIds();
    if (all == !listed.isEmpty()) {
      throw ApiException.validation(
          "organization_ids",
          "give either organization_ids (at least one) or all_organizations: true");
    }
    if (all && !actor.platformAdmin()) {
      throw new ApiException(ErrorCode.FORBIDDEN, "only platform admins set all_organizations");
    }
    Set<UUID> organizations = new LinkedHashSet<>(listed);
    String maxScope = request.maxScope() == null ? DEFAULT_MAX_SCOPE : request.maxScope();
    Set<UUID> unknown = new HashSet<>(organizations);
    unknown.removeAll(existing(organizations));
    if (!unknown.isEmpty()) {
      throw ApiException.validation(
          "organization_ids", "unknown organization " + unknown.iterator().next());
    }
    return insert(actor, request.name(), List.copyOf(organizations), all, maxScope);
  }

  private Set<UUID> existing(Set<UUID> organizations) {
    if (organizations.isEmpty()) {
      return Set.of();
    }
    return dsl.select(Organization.ID)
        .from(Organization.TABLE)
        .where(Organization.ID.in(organizations))
        .fetchSet(Organization.ID);
  }

  private ServiceAccountView insert(
      Actor actor, String name, List<UUID> organizations, boolean all, String maxScope) {
    UUID id = UUID.randomUUID();
    String key = ApiKeys.generate();
    OffsetDateTime now = Timestamps.now(clock);
    String prefix = ApiKeys.visiblePrefix(key);
    dsl.transaction(
        trx -> {
          ApiKeyRows.insert(trx.dsl(), id, key, name, Actor.DATA_PLANE, now)
              .set(ApiKey.ALL_ORGANIZATIONS, all)
              .set(ApiKey.MAX_SCOPE, maxScope)
              .execute();
          for (UUID organization : organizations) {
            trx.dsl()
                .insertInto(ServiceAccountOrganization.TABLE)
                .set(ServiceAccountOrganization.API_KEY_ID, id)
                .set(ServiceAccountOrganization.ORGANIZATION_ID, organization)
                .execute();
          }
          audit.record(
              trx.dsl(),
              actor.name(),
              "service_account.created",
              "api_key",
              id,
              null,
              Map.of(
                  "prefix",
                  prefix,
                  "role",
                  Actor.DATA_PLANE,
                  "organization_ids",
                  organizations.stream().map(UUID::toString).toList(),
                  "all_organizations",
                  all,
                  "max_scope",
                  maxScope));
        });
    return new ServiceAccountView(
        id, name, Actor.DATA_PLANE, prefix, key, now, organizations, all, maxScope);
  }
}
