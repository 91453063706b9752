package io.envprov.driver.spi;

import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception drivers throw. Its message names what failed and never carries a
 * secret.
 */
public class DriverException extends RuntimeException {

  private final boolean transientFailure;

  public DriverException(String message, boolean transientFailure, @Nullable Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /** A permanent failure: retrying the same call will fail the same way. */
  public static DriverException permanent(String message, @Nullable Throwable cause) {
    return new DriverException(message, false, cause);
  }

  /** A transient failure (a lost connection, a lock, a timeout): a retry may succeed. */
  public static DriverException transientFailure(String message, @Nullable Throwable cause) {
    return new DriverException(message, true, cause);
  }

  /** Whether a retry of the same call may succeed. */
  public boolean isTransient() {
    return transientFailure;
  }
}
