package io.envprov.controlplane.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether a database server takes new environment databases. Stored in {@code
 * database_server.status} and shown by the API as {@link #sqlValue()}. Servers are registered
 * {@code active}; {@code draining} (keeps its databases, takes no new ones) and {@code unavailable}
 * are set by operators in the store today.
 */
public enum ServerStatus {
  ACTIVE,
  DRAINING,
  UNAVAILABLE;

  /** The value stored in {@code database_server.status} and shown by the API. */
  @JsonValue
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no status
   */
  public static ServerStatus fromSql(String value) {
    for (ServerStatus status : values()) {
      if (status.sqlValue().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no server status '" + value + "'");
  }

  /** Whether new databases are placed on a server in this status. */
  public boolean placesDatabases() {
    return this == ACTIVE;
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
