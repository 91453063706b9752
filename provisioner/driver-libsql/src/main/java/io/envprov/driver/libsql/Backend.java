package io.envprov.driver.libsql;

import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;

/**
 * What differs between a self-hosted sqld and Turso's hosted platform. Names are database names,
 * already validated; callers serialize calls for one name.
 */
interface Backend {

  /** Creates an empty database; false when it already existed (which is not an error). */
  boolean create(String name);

  /** Whether the database exists. */
  boolean exists(String name);

  /** Deletes the database and what the driver keeps for it; a missing one is not an error. */
  void delete(String name);

  /** Creates {@code target} as a full copy of {@code source} as of now. */
  void fork(String source, String target);

  /** Connections with the driver's own full access to the database. */
  LibsqlConnections connections(String name);

  /** The JDBC URL clients use (without a secret). */
  String jdbcUrl(String name);

  /** Creates (or replaces) a credential. */
  IssuedCredential issue(String name, CredentialRequest request);

  /** Stops a credential, as far as the backend can. */
  void revoke(String name, String username);

  /** Whether the server answers and accepts the driver's credentials. */
  Health health();

  /** Facts worth showing about where databases live. */
  java.util.Map<String, String> metadata(String name);
}
