package io.envprov.dataplane.r2dbc;

import io.r2dbc.spi.ConnectionFactoryMetadata;

/** What the routing factories report themselves as: PostgreSQL, as r2dbc-postgresql does. */
enum PostgresMetadata implements ConnectionFactoryMetadata {
  INSTANCE;

  @Override
  public String getName() {
    return "PostgreSQL";
  }
}
