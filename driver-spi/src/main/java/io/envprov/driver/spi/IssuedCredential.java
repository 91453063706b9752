package io.envprov.driver.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A credential a driver created. The secret is shown once by the control plane and then only kept
 * sealed; {@link #toString()} never prints it.
 */
public record IssuedCredential(
    String username, String secret, CredentialScope scope, @Nullable Instant expiresAt) {

  public IssuedCredential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(scope, "scope");
  }

  @Override
  public String toString() {
    return "IssuedCredential[username="
        + username
        + ", secret=***, scope="
        + scope
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
