package io.envprov.controlplane.credential;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.usage.StorageQuota;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The credential routes' logic: checks, then the blocking {@link CredentialLifecycle} (KMS and
 * driver calls included: callers are already on the API threads), and its failures as API problems.
 */
@Service
class CredentialService {

  /** What a data plane asking during a restore is told to wait before asking again. */
  static final Duration RESTORING_RETRY = Duration.ofSeconds(1);

  private final CredentialRecords records;
  private final CredentialLifecycle lifecycle;
  private final ConnectionBroker broker;
  private final ServiceAccountGrants grants;
  private final StorageQuota quota;

  CredentialService(
      CredentialRecords records,
      CredentialLifecycle lifecycle,
      ConnectionBroker broker,
      ServiceAccountGrants grants,
      StorageQuota quota) {
    this.quota = quota;
    this.records = records;
    this.lifecycle = lifecycle;
    this.broker = broker;
    this.grants = grants;
  }

  /**
   * What the connection broker serves a data plane for the environment and scope, when the service
   * account's grants allow it (403 {@code not_granted} otherwise).
   */
  ConnectionView connection(Actor actor, UUID environmentId, CredentialScope asked) {
    return call(
        () -> {
          Optional<CredentialTarget> target = records.targetOfEnvironment(environmentId);
          grants.check(
              actor,
              environmentId,
              target.map(CredentialTarget::organizationId).orElse(null),
              asked);
          return broker.connection(
              target.orElseThrow(() -> ApiException.notFound("environment", environmentId)), asked);
        });
  }

  CredentialView issue(Actor actor, UUID environmentId, IssueCredentialRequest request) {
    return call(
        () -> {
          CredentialTarget target = target(environmentId);
          CredentialScope scope = CredentialScope.fromSql(request.scope());
          if (target.envStatus().servesConnections()) {
            // Over its storage limit, an environment gets no new credential that could write.
            quota.requireRoomFor(target.environmentId(), scope);
          }
          Duration ttl =
              request.ttlSeconds() == null ? null : Duration.ofSeconds(request.ttlSeconds());
          return CredentialView.issued(
              lifecycle.issue(target, scope, ttl, actor.name()), target.environmentId());
        });
  }

  /** A page of the environment's credentials, oldest first (revoked ones included). */
  Page<CredentialView> list(UUID environmentId, @Nullable PageCursor cursor, int limit) {
    return call(
        () -> {
          CredentialTarget target = target(environmentId);
          List<CredentialView> rows =
              records.ofDatabase(target.databaseId(), cursor, limit + 1).stream()
                  .map(c -> CredentialView.of(c, target.environmentId()))
                  .toList();
          return Page.of(rows, limit, c -> new PageCursor(c.issuedAt(), c.id()));
        });
  }

  CredentialView get(UUID credentialId) {
    return call(
        () -> {
          StoredCredential credential = credential(credentialId);
          return CredentialView.of(credential, environmentOf(credential));
        });
  }

  CredentialView rotate(Actor actor, UUID credentialId) {
    return call(
        () -> {
          StoredCredential old = credential(credentialId);
          return CredentialView.issued(lifecycle.rotate(old, actor.name()), environmentOf(old));
        });
  }

  CredentialView revoke(Actor actor, UUID credentialId) {
    return call(
        () -> {
          StoredCredential credential = credential(credentialId);
          return CredentialView.of(
              lifecycle.revoke(credential, actor.name()), environmentOf(credential));
        });
  }

  /** The environment a credential belongs to (404 {@code not_found} for an unknown credential). */
  UUID environmentOfCredential(UUID credentialId) {
    return call(() -> environmentOf(credential(credentialId)));
  }

  private CredentialTarget target(UUID environmentId) {
    return records
        .targetOfEnvironment(environmentId)
        .orElseThrow(() -> ApiException.notFound("environment", environmentId));
  }

  private StoredCredential credential(UUID id) {
    return records.find(id).orElseThrow(() -> ApiException.notFound("credential", id));
  }

  private UUID environmentOf(StoredCredential credential) {
    return records
        .targetOfDatabase(credential.databaseId())
        .map(CredentialTarget::environmentId)
        .orElseThrow(() -> ApiException.notFound("credential", credential.id()));
  }

  /** Runs {@code work}, answering its lifecycle and driver failures as API problems. */
  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (EnvironmentRestoring e) {
      throw new ApiException(ErrorCode.ENVIRONMENT_RESTORING, e.getMessage(), RESTORING_RETRY);
    } catch (CredentialConflict e) {
      throw ApiException.invalidState(e.getMessage());
    } catch (UnsupportedCapabilityException e) {
      throw new ApiException(ErrorCode.NOT_SUPPORTED, e.getMessage());
    } catch (DriverException e) {
      throw e.isTransient()
          ? new ApiException(
              ErrorCode.SERVICE_UNAVAILABLE,
              "the database server cannot take the change now; nothing was kept, retry later")
          : ApiException.invalidState("the database refused the change: " + e.getMessage());
    }
  }
}
