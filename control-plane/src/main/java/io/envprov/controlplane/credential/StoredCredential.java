package io.envprov.controlplane.credential;

import io.envprov.controlplane.domain.CredentialStatus;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.driver.spi.CredentialScope;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A credential row as stored: its secret still sealed. {@link #toString()} never shows the sealed
 * parts.
 */
public record StoredCredential(
    UUID id,
    UUID databaseId,
    String username,
    CredentialScope scope,
    CredentialStatus status,
    SecretBox.Sealed sealed,
    OffsetDateTime issuedAt,
    @Nullable OffsetDateTime expiresAt,
    @Nullable UUID rotatedFrom,
    @Nullable OffsetDateTime revokedAt,
    @Nullable OffsetDateTime graceUntil,
    int rotationFailures,
    @Nullable String lastRotationError,
    @Nullable OffsetDateTime nextRotationAt,
    @Nullable String createdBy,
    OffsetDateTime updatedAt) {

  /** The associated data that binds a credential's sealed secret to its row. */
  public static String context(UUID credentialId, UUID databaseId) {
    return "database_credential:" + credentialId + ":" + databaseId;
  }

  /** This row's sealing context. */
  public String context() {
    return context(id, databaseId);
  }

  @Override
  public String toString() {
    return "StoredCredential[id="
        + id
        + ", username="
        + username
        + ", scope="
        + scope
        + ", status="
        + status
        + ", kmsKeyId="
        + sealed.keyId()
        + "]";
  }
}
