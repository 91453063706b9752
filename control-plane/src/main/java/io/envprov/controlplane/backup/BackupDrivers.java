package io.envprov.controlplane.backup;

import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.DriverCatalog;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The driver of an environment's database, with the server it lives on, for backups. */
@Component
class BackupDrivers {

  private final DriverCatalog drivers;
  private final ServerDirectory servers;

  BackupDrivers(DriverCatalog drivers, ServerDirectory servers) {
    this.drivers = drivers;
    this.servers = servers;
  }

  /**
   * An environment's database and its driver.
   *
   * @param serverId the server's id as the guards name it; null for a local database
   */
  record Resolved(DatabaseDriver driver, DatabaseRef database, @Nullable String serverId) {

    /** Whether the driver backs up databases on this server. */
    boolean backsUp() {
      return driver.capabilities(database.server()).backup();
    }

    /** What a client or an operation's error is told when it does not. */
    String unsupported() {
      return "driver "
          + driver.name()
          + " cannot back up databases"
          + (database.server() == null ? "" : " on this environment's server");
    }
  }

  /**
   * Resolves the database's driver and server.
   *
   * @throws io.envprov.driver.spi.DriverNotFoundException when the driver is not installed
   * @throws IllegalStateException when the database's server is no longer registered
   */
  Resolved resolve(CredentialTarget target) {
    DatabaseDriver driver = drivers.driver(target.driver());
    ServerTarget server =
        target.serverId() == null
            ? null
            : servers
                .target(target.serverId())
                .orElseThrow(
                    () ->
                        new IllegalStateException("the database's server is no longer registered"));
    return new Resolved(
        driver,
        new DatabaseRef(target.databaseName(), server),
        target.serverId() == null ? null : target.serverId().toString());
  }
}
