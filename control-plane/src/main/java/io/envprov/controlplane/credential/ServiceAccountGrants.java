package io.envprov.controlplane.credential;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.Scopes;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Tables.ApiKey;
import io.envprov.controlplane.store.Tables.ServiceAccountOrganization;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.driver.spi.CredentialScope;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What a data-plane service account may fetch from the connection broker: environments of the
 * organizations it names (or of all, when it was created with {@code all_organizations}), at most
 * at its {@code max_scope}. Anything else is 403 {@code not_granted}, and each refusal is audited
 * as {@code connection.refused}. An environment that does not exist is refused the same way to a
 * service account scoped to organizations, so it learns nothing of other organizations' ids.
 * Blocking.
 */
@Component
class ServiceAccountGrants {

  private final DSLContext dsl;
  private final AuditLog audit;

  ServiceAccountGrants(DSLContext dsl, AuditLog audit) {
    this.dsl = dsl;
    this.audit = audit;
  }

  /**
   * Returns when the actor may fetch the scope's credential of the environment.
   *
   * @param organizationId the environment's organization; null when it does not exist
   * @throws ApiException 403 {@code not_granted} otherwise (after auditing the refusal)
   */
  void check(
      Actor actor, UUID environmentId, @Nullable UUID organizationId, CredentialScope scope) {
    Record2<Boolean, String> grant =
        dsl.select(ApiKey.ALL_ORGANIZATIONS, ApiKey.MAX_SCOPE)
            .from(ApiKey.TABLE)
            .where(ApiKey.ID.eq(actor.principalId()))
            .and(ApiKey.ROLE.eq(Actor.DATA_PLANE))
            .fetchOne();
    String refusal;
    if (grant == null) {
      refusal = "not a data-plane service account";
    } else if (!Boolean.TRUE.equals(grant.value1())
        && (organizationId == null || !serves(actor.principalId(), organizationId))) {
      refusal = "organization not granted";
    } else if (!Scopes.covers(
        grant.value2() == null ? null : CredentialScope.parse(grant.value2()).orElse(null),
        scope)) {
      refusal = "scope above max_scope " + grant.value2();
    } else {
      return;
    }
    Map<String, Object> details = new HashMap<>();
    details.put("scope", scope.sqlValue());
    details.put("reason", refusal);
    audit.record(
        dsl,
        actor.name(),
        "connection.refused",
        "environment",
        environmentId,
        organizationId,
        details);
    throw new ApiException(
        ErrorCode.NOT_GRANTED,
        "this service account may not fetch "
            + scope.sqlValue()
            + " connections of environment "
            + environmentId
            + " ("
            + refusal
            + ")");
  }

  private boolean serves(UUID keyId, UUID organizationId) {
    return dsl.fetchExists(
        DSL.selectOne()
            .from(ServiceAccountOrganization.TABLE)
            .where(ServiceAccountOrganization.API_KEY_ID.eq(keyId))
            .and(ServiceAccountOrganization.ORGANIZATION_ID.eq(organizationId)));
  }
}
