package io.envprov.driver.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A credential to create.
 *
 * @param username chosen by the control plane, unique per database; the idempotency key
 * @param scope what it may do
 * @param expiresAt when the database should stop accepting it, if the driver can enforce that
 */
public record CredentialRequest(
    String username, CredentialScope scope, @Nullable Instant expiresAt) {

  private static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

  public CredentialRequest {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("invalid credential username: " + username);
    }
    Objects.requireNonNull(scope, "scope");
  }
}
