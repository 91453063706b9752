package io.envprov.controlplane.credential;

/**
 * The environment's database is being restored in place or reset: no connection is served now, but
 * one will be in a moment (the same database, the same logins). Data planes answer it by waiting
 * and keep using the connections they hold; the API answers 503 {@code environment_restoring} with
 * {@code Retry-After}.
 */
public class EnvironmentRestoring extends CredentialConflict {

  public EnvironmentRestoring(String message) {
    super(message);
  }
}
