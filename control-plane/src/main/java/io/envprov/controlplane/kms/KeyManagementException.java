package io.envprov.controlplane.kms;

import org.jspecify.annotations.Nullable;

/**
 * The key manager refused or could not be reached. Never carries key material. {@link
 * #unavailable()} tells an outage (unreachable, timed out, throttled: worth retrying later, and a
 * 503 {@code kms_unavailable} to API callers) from a refusal (unknown key, altered ciphertext).
 */
public class KeyManagementException extends RuntimeException {

  private final boolean unavailable;

  public KeyManagementException(String message, @Nullable Throwable cause) {
    this(message, cause, false);
  }

  public KeyManagementException(String message, @Nullable Throwable cause, boolean unavailable) {
    super(message, cause);
    this.unavailable = unavailable;
  }

  /** An outage of the key manager rather than a refusal. */
  public static KeyManagementException unavailable(String message, @Nullable Throwable cause) {
    return new KeyManagementException(message, cause, true);
  }

  /** Whether the key manager could not be reached (as opposed to refusing). */
  public boolean unavailable() {
    return unavailable;
  }
}
