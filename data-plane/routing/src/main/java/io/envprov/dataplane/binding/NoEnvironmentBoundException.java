package io.envprov.dataplane.binding;

import io.envprov.dataplane.DataPlaneException;

/**
 * Thrown when a connection is requested but no environment is bound: there is no fallback database,
 * so the request is refused before any connection is made.
 */
public class NoEnvironmentBoundException extends DataPlaneException {

  public NoEnvironmentBoundException() {
    super(
        "No environment is bound to this request: a session token with an active_environment_id"
            + " (or EnvironmentScope for jobs and async work) must bind one before a database"
            + " connection can be routed; there is no fallback database");
  }
}
