package io.envprov.dataplane.credentials;

import io.envprov.dataplane.DataPlaneException;
import org.jspecify.annotations.Nullable;

/** The connection broker served no connection facts for an environment. */
public class ConnectionBrokerException extends DataPlaneException {

  private final PoolKey key;
  private final BrokerErrorCode code;
  private final int status;

  public ConnectionBrokerException(
      PoolKey key, BrokerErrorCode code, int status, String detail, @Nullable Throwable cause) {
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
}
