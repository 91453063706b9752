package io.envprov.controlplane.store;

import org.jspecify.annotations.Nullable;

/**
 * How to reach the control-plane PostgreSQL, whether embedded or external.
 *
 * @param jdbcUrl the JDBC URL, without secrets
 * @param username the user
 * @param password the password, never printed by {@link #toString()}
 */
public record StoreConnection(String jdbcUrl, String username, @Nullable String password) {

  @Override
  public String toString() {
    return "StoreConnection[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=***]";
  }
}
