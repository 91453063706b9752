package io.envprov.controlplane.store;

import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * How to reach the control-plane PostgreSQL, whether embedded or external.
 *
 * @param jdbcUrl the JDBC URL, without secrets
 * @param username the user
 * @param password the password, never printed by {@link #toString()}
 */
public record StoreConnection(String jdbcUrl, String username, @Nullable String password) {

  /** Host, port and database parsed from the JDBC URL, for the R2DBC driver. */
  Properties parsedUrl() {
    Properties parsed = Driver.parseURL(jdbcUrl, null);
    if (parsed == null) {
      throw new IllegalStateException("controlplane.database.url is not a PostgreSQL JDBC URL");
    }
    return parsed;
  }

  @Override
  public String toString() {
    return "StoreConnection[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=***]";
  }
}
