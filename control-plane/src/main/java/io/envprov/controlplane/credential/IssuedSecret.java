package io.envprov.controlplane.credential;

import io.envprov.driver.spi.ConnectionSpec;

/**
 * A credential just issued, with its secret in clear: returned once, to the caller that asked for
 * it, and never stored or logged like this. {@link #toString()} hides the secret.
 */
public record IssuedSecret(StoredCredential credential, String secret, ConnectionSpec connection) {

  @Override
  public String toString() {
    return "IssuedSecret[" + credential + ", secret=***]";
  }
}
