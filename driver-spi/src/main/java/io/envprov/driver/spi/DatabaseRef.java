package io.envprov.driver.spi;

import org.jspecify.annotations.Nullable;

/**
 * An existing (or expected) environment database.
 *
 * @param databaseName the immutable, UUID-based name (see {@link DatabaseName})
 * @param server the server it lives on; null for drivers without {@link
 *     Capabilities#requiresServer()}
 */
public record DatabaseRef(String databaseName, @Nullable ServerTarget server) {

  public DatabaseRef {
    DatabaseName.requireValid(databaseName);
  }

  /** A database that lives on no server (a local file). */
  public static DatabaseRef local(String databaseName) {
    return new DatabaseRef(databaseName, null);
  }
}
