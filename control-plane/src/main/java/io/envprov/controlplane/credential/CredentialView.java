package io.envprov.controlplane.credential;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.envprov.controlplane.domain.CredentialStatus;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A credential as the API shows it. {@code secret} and {@code connection} are present only in the
 * response that issues it.
 */
public record CredentialView(
    UUID id,
    UUID databaseId,
    UUID environmentId,
    String username,
    String scope,
    CredentialStatus status,
    String kmsKeyId,
    OffsetDateTime issuedAt,
    @Nullable OffsetDateTime expiresAt,
    @Nullable UUID rotatedFrom,
    @Nullable OffsetDateTime graceUntil,
    @Nullable OffsetDateTime revokedAt,
    int rotationFailures,
    @Nullable String lastRotationError,
    @Nullable OffsetDateTime nextRotationAt,
    @Nullable String createdBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Connection connection) {

  /**
   * How to connect: the JDBC URL and the connection properties other than the secret.
   *
   * @param jdbcUrl the URL, never with a secret in it
   * @param username the login
   * @param properties further JDBC properties (the secret goes in {@code password} or the driver's
   *     token property, from {@code secret})
   */
  public record Connection(String jdbcUrl, String username, Map<String, String> properties) {}

  static CredentialView of(StoredCredential c, UUID environmentId) {
    return new CredentialView(
        c.id(),
        c.databaseId(),
        environmentId,
        c.username(),
        c.scope().sqlValue(),
        c.status(),
        c.sealed().keyId(),
        c.issuedAt(),
        c.expiresAt(),
        c.rotatedFrom(),
        c.graceUntil(),
        c.revokedAt(),
        c.rotationFailures(),
        c.lastRotationError(),
        c.nextRotationAt(),
        c.createdBy(),
        null,
        null);
  }

  static CredentialView issued(IssuedSecret issued, UUID environmentId) {
    CredentialView view = of(issued.credential(), environmentId);
    Map<String, String> shown = new java.util.TreeMap<>(issued.connection().properties());
    shown.keySet().removeAll(java.util.Set.of("password", "authToken", "token"));
    return new CredentialView(
        view.id,
        view.databaseId,
        view.environmentId,
        view.username,
        view.scope,
        view.status,
        view.kmsKeyId,
        view.issuedAt,
        view.expiresAt,
        view.rotatedFrom,
        view.graceUntil,
        view.revokedAt,
        view.rotationFailures,
        view.lastRotationError,
        view.nextRotationAt,
        view.createdBy,
        issued.secret(),
        new Connection(issued.connection().jdbcUrl(), view.username, shown));
  }

  /** The same credential without its secret and connection (what may be stored for replays). */
  CredentialView withoutSecret() {
    return new CredentialView(
        id,
        databaseId,
        environmentId,
        username,
        scope,
        status,
        kmsKeyId,
        issuedAt,
        expiresAt,
        rotatedFrom,
        graceUntil,
        revokedAt,
        rotationFailures,
        lastRotationError,
        nextRotationAt,
        createdBy,
        null,
        null);
  }

  @Override
  public String toString() {
    return "CredentialView[id=" + id + ", username=" + username + ", status=" + status + "]";
  }
}
