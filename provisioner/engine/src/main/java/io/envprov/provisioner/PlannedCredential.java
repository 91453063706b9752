package io.envprov.provisioner;

import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A credential to be issued, named before it exists: its id and username are known up front, so an
 * issue repeated after a crash targets the same login and the same row.
 *
 * @param id the credential's id in the control plane
 * @param username the login the driver creates (unique per server: derived from the id)
 * @param scope what it may do
 * @param expiresAt when it stops being valid
 */
public record PlannedCredential(
    UUID id, String username, CredentialScope scope, Instant expiresAt) {

  public PlannedCredential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A credential with a fresh random id. */
  public static PlannedCredential random(CredentialScope scope, Instant expiresAt) {
    return of(UUID.randomUUID(), scope, expiresAt);
  }

  /**
   * The credential an operation issues for {@code scope}: the same id on every attempt of the
   * operation.
   */
  public static PlannedCredential forOperation(
      UUID operationId, CredentialScope scope, Instant expiresAt) {
    UUID id =
        UUID.nameUUIDFromBytes(
            ("credential:" + operationId + ":" + scope).getBytes(StandardCharsets.UTF_8));
    return of(id, scope, expiresAt);
  }

  /** The credential with the given id. */
  public static PlannedCredential of(UUID id, CredentialScope scope, Instant expiresAt) {
    return new PlannedCredential(id, usernameOf(id), scope, expiresAt);
  }

  /** What every credential's login name starts with. */
  public static final String USERNAME_PREFIX = "c_";

  /** The login name of the credential with this id: {@code c_} and the id's 32 hex digits. */
  public static String usernameOf(UUID id) {
    return USERNAME_PREFIX + id.toString().replace("-", "");
  }

  /** What the driver is asked for. */
  public CredentialRequest request() {
    return new CredentialRequest(username, scope, expiresAt);
  }
}
