package io.envprov.driver.postgres;

import io.envprov.driver.spi.SimpleDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A data source for Flyway: every call opens a connection of the one identity it was made for (the
 * server admin, or a {@link ProbeLogin}).
 */
final class ConnectingDataSource extends SimpleDataSource {

  /** Opens a connection. */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  private final Opener opener;

  ConnectingDataSource(Opener opener) {
    this.opener = opener;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return opener.open();
  }
}
