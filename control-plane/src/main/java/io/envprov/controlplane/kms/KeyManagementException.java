package io.envprov.controlplane.kms;

/** The key manager refused or could not be reached. Never carries key material. */
public class KeyManagementException extends RuntimeException {

  public KeyManagementException(String message, Throwable cause) {
    super(message, cause);
  }
}
