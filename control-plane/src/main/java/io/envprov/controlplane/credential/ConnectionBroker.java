package io.envprov.controlplane.credential;

import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.usage.LastAccess;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.provisioner.DriverCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * The connection broker: hands a data plane a live credential of an environment's database, with
 * its secret opened from its envelope. It serves the newest control-plane-issued credential of the
 * scope (so after a rotation, the replacement), and issues one when the scope has none yet.
 * Blocking.
 */
@Component
public class ConnectionBroker {

  /** The actor of credentials the broker issues. */
  public static final String ACTOR = "system:connection-broker";

  /** A credential expiring sooner than this is not handed out (the sweep replaces it). */
  private static final Duration MINIMUM_VALIDITY = Duration.ofMinutes(1);

  private static final Set<String> SECRET_PROPERTIES = Set.of("password", "authToken", "token");

  private final CredentialRecords records;
  private final CredentialLifecycle lifecycle;
  private final SecretBox box;
  private final DriverCatalog drivers;
  private final Clock clock;
  private final LastAccess lastAccess;

  /**
   * Striped local locks for {@link #issueOnce}: a replica's waiters block here rather than each
   * holding a store connection while they wait for the store lock.
   */
  private final Lock[] issuing = new Lock[64];

  /**
   * How many first issues run at once in this replica: each holds a store connection for its lock
   * and uses another to record the credential, so they may take a third of the store pool at most.
   */
  private final Semaphore issuers;

  ConnectionBroker(
      CredentialRecords records,
      CredentialLifecycle lifecycle,
      SecretBox box,
      DriverCatalog drivers,
      Clock clock,
      ControlPlaneProperties properties,
      LastAccess lastAccess) {
    this.lastAccess = lastAccess;
    this.records = records;
    this.lifecycle = lifecycle;
    this.box = box;
    this.drivers = drivers;
    this.clock = clock;
    for (int i = 0; i < issuing.length; i++) {
      issuing[i] = new ReentrantLock();
    }
    this.issuers = new Semaphore(Math.max(1, properties.database().poolSize() / 3));
  }

  /** A credential with its opened secret. */
  private record Served(StoredCredential credential, String secret) {}

  /** The newest control-plane credential of the scope that stays valid a while, if any. */
  private Optional<Served> current(CredentialTarget target, CredentialScope scope) {
    return records
        .serviceCredential(target.databaseId(), scope, Timestamps.now(clock).plus(MINIMUM_VALIDITY))
        .map(
            credential ->
                new Served(credential, box.open(credential.sealed(), credential.context())));
  }

  /**
   * Issues the scope's credential unless someone else just did: data planes asking at once for a
   * scope with none queue (threads of this replica on a local lock, replicas on a store lock), and
   * all but the first are served the first one's credential instead of issuing their own.
   */
  private Served issueOnce(CredentialTarget target, CredentialScope scope) {
    String name = "connection-broker:" + target.databaseId() + ":" + scope.name();
    Lock local = issuing[Math.floorMod(name.hashCode(), issuing.length)];
    local.lock();
    try {
      issuers.acquireUninterruptibly();
      try {
        return records.underLock(
            name,
            () ->
                current(target, scope)
                    .orElseGet(
                        () -> {
                          IssuedSecret issued = lifecycle.issue(target, scope, null, ACTOR);
                          return new Served(issued.credential(), issued.secret());
                        }));
      } finally {
        issuers.release();
      }
    } finally {
      local.unlock();
    }
  }

  /**
   * The credential the broker serves for the scope and the driver's full connection spec for it
   * (with the secret in its properties), for the control plane's own connections to the database
   * (package installs). Never shown to anyone.
   *
   * @param spec the driver's JDBC URL and properties, the secret included
   * @param secret the secret, so a caller can take it out of any error text
   */
  public record Opened(ConnectionSpec spec, String secret) {
    /** Never the secret (the spec redacts its own). */
    @Override
    public String toString() {
      return "Opened[spec=" + spec + ", secret=***]";
    }
  }

  /**
   * Opens the scope's credential for the control plane itself: see {@link Opened}.
   *
   * @throws CredentialConflict when the environment is not active
   */
  public Opened open(CredentialTarget target, CredentialScope scope) {
    Resolved resolved = resolve(target, scope);
    return new Opened(resolved.spec(), resolved.served().secret());
  }

  /**
   * How to connect to the environment's database with the scope.
   *
   * @throws EnvironmentRestoring when the environment is being restored (a pause, not a refusal)
   * @throws CredentialConflict when the environment is not active
   */
  public ConnectionView connection(CredentialTarget target, CredentialScope scope) {
    Resolved resolved = resolve(target, scope);
    // Usage: a data plane is about to connect (throttled; never fails the fetch).
    lastAccess.accessed(target.databaseId());
    StoredCredential credential = resolved.served().credential();
    Map<String, String> properties = new TreeMap<>(resolved.spec().properties());
    properties.keySet().removeAll(SECRET_PROPERTIES);
    properties.remove("user");
    return new ConnectionView(
        target.environmentId(),
        target.driver(),
        resolved.spec().jdbcUrl(),
        credential.username(),
        resolved.served().secret(),
        credential.id(),
        scope.sqlValue(),
        credential.expiresAt(),
        properties);
  }

  /** The served credential and the driver's connection spec for it. */
  private record Resolved(Served served, ConnectionSpec spec) {}

  private Resolved resolve(CredentialTarget target, CredentialScope scope) {
    if (target.envStatus() == EnvironmentStatus.RESTORING) {
      throw new EnvironmentRestoring(
          "the environment's database is being restored; connections are served again when it is"
              + " done (the same database and logins)");
    }
    if (!target.envStatus().servesConnections()) {
      throw new CredentialConflict(
          "the environment is "
              + target.envStatus().sqlValue()
              + "; connections are served for active ones");
    }
    Served served = current(target, scope).orElseGet(() -> issueOnce(target, scope));
    StoredCredential credential = served.credential();
    ConnectionSpec spec =
        drivers
            .driver(target.driver())
            .connectionSpec(
                lifecycle.database(target),
                new IssuedCredential(
                    credential.username(),
                    served.secret(),
                    scope,
                    credential.expiresAt() == null ? null : credential.expiresAt().toInstant()));
    return new Resolved(served, spec);
  }
}
