package io.envprov.dataplane.credentials;

import io.envprov.dataplane.DataPlaneException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The connection broker served no connection facts for an environment. */
public class ConnectionBrokerException extends DataPlaneException {

  private final PoolKey key;
  private final BrokerErrorCode code;
  private final int status;
  private final @Nullable Duration retryAfter;

  public ConnectionBrokerException(
      PoolKey key, BrokerErrorCode code, int status, String detail, @Nullable Throwable cause) {
    this(key, code, status, detail, null, cause);
  }

  /**
   * @param retryAfter when the broker asked to be asked again ({@code Retry-After}), if it did
   */
  public ConnectionBrokerException(
      PoolKey key,
      BrokerErrorCode code,
      int status,
      String detail,
      @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(
        "The control plane served no connection for environment "
            + key
            + ": "
            + code.code()
            + (status > 0 ? " (HTTP " + status + ")" : "")
            + ": "
            + detail,
        cause);
    this.key = key;
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** The environment and scope asked for. */
  public PoolKey key() {
    return key;
  }

  /** Why. */
  public BrokerErrorCode code() {
    return code;
  }

  /** The broker's HTTP status, or 0 when it was not reached. */
  public int status() {
    return status;
  }

  /** How long the broker asked to wait before asking again ({@code Retry-After}), if it did. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
