package io.envprov.driver.postgres;

import io.envprov.driver.spi.ServerTarget;
import io.envprov.testsupport.LocalPostgresServer;
import java.util.Map;

/** A local server of the machine's installed PostgreSQL as the driver sees it: the superuser. */
final class LocalTarget {

  private LocalTarget() {}

  static ServerTarget of(LocalPostgresServer server) {
    return new ServerTarget(
        "local", server.adminUrl(), LocalPostgresServer.ADMIN, server.adminPassword(), Map.of());
  }
}
