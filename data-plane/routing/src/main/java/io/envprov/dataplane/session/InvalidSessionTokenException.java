package io.envprov.dataplane.session;

import io.envprov.dataplane.DataPlaneException;

/** A session token that is malformed, badly signed, expired or from another issuer. */
public class InvalidSessionTokenException extends DataPlaneException {

  public InvalidSessionTokenException(String message) {
    super(message);
  }
}
