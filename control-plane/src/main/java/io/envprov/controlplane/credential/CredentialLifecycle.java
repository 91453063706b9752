package io.envprov.controlplane.credential;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.driver.spi.Capabilities;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.UnsupportedCapabilityException;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.PlannedCredential;
import io.envprov.provisioner.ServerGuards;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Issues, rotates and revokes credentials (blocking; the API calls it off the event loop, the
 * rotation sweep on its own threads).
 *
 * <p>Order of steps: a data key is fetched from the key manager before the driver creates a login,
 * so a key-manager outage fails before anything exists; a login whose row cannot be stored is
 * revoked again. A rotation stores the replacement and turns the old credential {@code rotating} in
 * one transaction that only succeeds while the old one is {@code active}, and the store allows one
 * replacement per credential: two rotators never both succeed.
 */
@Component
public class CredentialLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CredentialLifecycle.class);

  private final DSLContext dsl;
  private final CredentialRecords records;
  private final SecretBox box;
  private final DriverCatalog drivers;
  private final ServerDirectory servers;
  private final ServerGuards guards;
  private final AuditLog audit;
  private final CredentialProperties properties;
  private final Clock clock;

  CredentialLifecycle(
      DSLContext dsl,
      CredentialRecords records,
      SecretBox box,
      DriverCatalog drivers,
      ServerDirectory servers,
      ServerGuards guards,
      AuditLog audit,
      CredentialProperties properties,
      Clock clock) {
    this.dsl = dsl;
    this.records = records;
    this.box = box;
    this.drivers = drivers;
    this.servers = servers;
    this.guards = guards;
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * A new credential for the environment's database.
   *
   * @param ttl its lifetime; null for the environment type's default
   * @throws CredentialConflict when the environment is not active
   */
  public IssuedSecret issue(
      CredentialTarget target, CredentialScope scope, @Nullable Duration ttl, String actor) {
    if (!target.envStatus().servesConnections()) {
      throw new CredentialConflict(
          "credentials are issued for active environments; this one is "
              + target.envStatus().sqlValue());
    }
    Duration lifetime = ttl == null ? properties.ttlFor(target.envType()) : ttl;
    PlannedCredential planned = PlannedCredential.random(scope, clock.instant().plus(lifetime));
    return create(target, planned, null, actor);
  }

  /**
   * Replaces an active credential: the replacement is issued now, the old one turns {@code
   * rotating} and is revoked once the grace period ends.
   *
   * @throws CredentialConflict when the credential is not active or was rotated already
   */
  public IssuedSecret rotate(StoredCredential old, String actor) {
    return rotate(old, records.targetOfDatabase(old.databaseId()).orElse(null), actor);
  }

  /** As {@link #rotate(StoredCredential, String)}, with the credential's database already read. */
  IssuedSecret rotate(StoredCredential old, @Nullable CredentialTarget target, String actor) {
    if (!old.status().rotatable()) {
      throw new CredentialConflict(
          "only an active credential can be rotated; this one is " + old.status().sqlValue());
    }
    if (target == null) {
      throw new CredentialConflict("the credential's database is gone");
    }
    if (!target.envStatus().rotatesCredentials()) {
      throw new CredentialConflict(
          "the credential's environment is "
              + target.envStatus().sqlValue()
              + "; nothing to rotate");
    }
    // The replacement lives as long as the credential it replaces was meant to.
    Duration lifetime =
        old.expiresAt() == null
            ? properties.ttlFor(target.envType())
            : Duration.between(old.issuedAt(), old.expiresAt());
    PlannedCredential planned =
        PlannedCredential.random(old.scope(), clock.instant().plus(lifetime));
    return create(target, planned, old, actor);
  }

  private IssuedSecret create(
      CredentialTarget target,
      PlannedCredential planned,
      @Nullable StoredCredential replaced,
      String actor) {
    DatabaseDriver driver = drivers.driver(target.driver());
    DatabaseRef database = database(target);
    String serverId = target.serverId() == null ? null : target.serverId().toString();
    try (SecretBox.Sealer sealer = box.sealer()) {
      IssuedCredential issued =
          guards.call(serverId, () -> driver.issueCredential(database, planned.request()));
      try {
        SecretBox.Sealed sealed =
            sealer.seal(
                issued.secret(), StoredCredential.context(planned.id(), target.databaseId()));
        OffsetDateTime expiresAt = Timestamps.of(planned.expiresAt());
        dsl.transaction(
            configuration -> {
              DSLContext trx = configuration.dsl();
              if (replaced != null
                  && !records.markRotating(
                      trx, replaced.id(), Timestamps.now(clock).plus(properties.rotationGrace()))) {
                throw new CredentialConflict("the credential was rotated or revoked meanwhile");
              }
              records.upsert(
                  trx,
                  planned.id(),
                  target.databaseId(),
                  planned.username(),
                  planned.scope(),
                  sealed,
                  expiresAt,
                  replaced == null ? null : replaced.id(),
                  owner(replaced, actor));
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("credential_id", planned.id().toString());
              details.put("username", planned.username());
              details.put("scope", planned.scope().sqlValue());
              details.put("kms_key_id", sealed.keyId());
              if (replaced != null) {
                details.put("rotated_from", replaced.id().toString());
              }
              audit.record(
                  trx,
                  actor,
                  replaced == null ? "credential.issued" : "credential.rotated",
                  "credential",
                  planned.id(),
                  target.organizationId(),
                  details);
            });
      } catch (RuntimeException storing) {
        dropQuietly(driver, database, serverId, planned.username());
        throw unwrap(storing);
      }
      ConnectionSpec connection = driver.connectionSpec(database, issued);
      StoredCredential stored =
          records
              .find(planned.id())
              .orElseThrow(() -> new IllegalStateException("credential just stored is gone"));
      return new IssuedSecret(stored, issued.secret(), connection);
    }
  }

  /**
   * Revokes a credential now: its login is dropped (drivers that cannot stop one credential say so
   * in their documentation) and it is marked {@code revoked}. Revoking a revoked credential changes
   * nothing.
   */
  public StoredCredential revoke(StoredCredential credential, String actor) {
    CredentialTarget target = records.targetOfDatabase(credential.databaseId()).orElse(null);
    if (target != null && credential.status().live()) {
      requireSingleRevocation(target);
    }
    return revoke(credential, target, actor);
  }

  /**
   * Refuses to call a credential revoked when its server checks the secret but cannot stop this one
   * credential (Turso invalidates all tokens of a database at once): answering {@code revoked}
   * would promise what did not happen. Without server-side authentication (SQLite files) a
   * credential is the control plane's own record, and revoking it stops the broker serving it.
   *
   * @throws UnsupportedCapabilityException refused, nothing changed
   */
  private void requireSingleRevocation(CredentialTarget target) {
    Capabilities capabilities =
        drivers.driver(target.driver()).capabilities(database(target).server());
    if (capabilities.serverSideAuthentication() && !capabilities.perCredentialRevocation()) {
      throw new UnsupportedCapabilityException(
          target.driver(),
          "revoking a single credential on this server (it can only invalidate every token of"
              + " the database at once); the credential stays valid until it expires");
    }
  }

  /**
   * As {@link #revoke(StoredCredential, String)}, with the credential's database already read (null
   * when it is gone: then there is no login left to drop).
   */
  StoredCredential revoke(
      StoredCredential credential, @Nullable CredentialTarget target, String actor) {
    if (!credential.status().live()) {
      return credential;
    }
    if (target != null) {
      DatabaseDriver driver = drivers.driver(target.driver());
      String serverId = target.serverId() == null ? null : target.serverId().toString();
      guards.call(
          serverId,
          () -> {
            driver.revokeCredential(database(target), credential.username());
            return null;
          });
    }
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          if (records.markRevoked(trx, credential.id())) {
            audit.record(
                trx,
                actor,
                "credential.revoked",
                "credential",
                credential.id(),
                target == null ? null : target.organizationId(),
                Map.of(
                    "credential_id", credential.id().toString(),
                    "username", credential.username(),
                    "previous_status", credential.status().sqlValue()));
          }
        });
    return records.find(credential.id()).orElse(credential);
  }

  /**
   * Revokes every live credential of the database while the database stays (a deleted environment
   * in its recovery window): each login is dropped through the driver, then marked {@code revoked}.
   * A driver that cannot stop one credential (Turso) accepts the call, and its tokens stay valid
   * until they expire; the broker serves none of them any more. One failure does not stop the rest.
   *
   * @return how many credentials are still live (their revocation failed; retry later)
   */
  public int revokeAll(CredentialTarget target, String actor) {
    int failed = 0;
    for (StoredCredential credential : records.liveOfDatabase(target.databaseId())) {
      try {
        revoke(credential, target, actor);
      } catch (RuntimeException e) {
        failed++;
        log.warn(
            "credential {} ({}) of {} could not be revoked: {}",
            credential.id(),
            credential.username(),
            target.databaseName(),
            e.getMessage());
      }
    }
    return failed;
  }

  DatabaseRef database(CredentialTarget target) {
    ServerTarget server =
        target.serverId() == null
            ? null
            : servers
                .target(target.serverId())
                .orElseThrow(
                    () -> new CredentialConflict("the database's server is no longer registered"));
    return new DatabaseRef(target.databaseName(), server);
  }

  private void dropQuietly(
      DatabaseDriver driver, DatabaseRef database, @Nullable String serverId, String username) {
    try {
      guards.call(
          serverId,
          () -> {
            driver.revokeCredential(database, username);
            return null;
          });
    } catch (RuntimeException e) {
      log.error(
          "login {} of {} was created but not stored, and could not be dropped: {}",
          username,
          database.databaseName(),
          e.getMessage());
    }
  }

  private static RuntimeException unwrap(RuntimeException e) {
    // jOOQ wraps exceptions thrown inside transaction lambdas.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CredentialConflict conflict) {
        return conflict;
      }
      if (t instanceof org.jooq.exception.DataAccessException access
          && "23505".equals(access.sqlState())) {
        return new CredentialConflict("the credential was rotated meanwhile");
      }
    }
    return e;
  }

  /**
   * Who a credential belongs to ({@code created_by}): the replacement of a credential the control
   * plane issued for itself (initial, broker) stays the control plane's, whoever rotated it, so the
   * connection broker serves it next; the audit event names who actually rotated.
   */
  private static String owner(@Nullable StoredCredential replaced, String actor) {
    return replaced != null
            && replaced.createdBy() != null
            && replaced.createdBy().startsWith("system:")
        ? replaced.createdBy()
        : actor;
  }
}
