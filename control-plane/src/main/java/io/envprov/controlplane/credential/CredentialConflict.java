package io.envprov.controlplane.credential;

/** The credential is not in a state that allows the change (e.g. rotating one already replaced). */
public class CredentialConflict extends RuntimeException {

  public CredentialConflict(String message) {
    super(message);
  }
}
