package io.envprov.driver.postgres;

import io.envprov.driver.spi.ServerTarget;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.util.Map;

/** An embedded server as the driver sees it: the superuser with its password. */
final class EmbeddedTarget {

  private EmbeddedTarget() {}

  static ServerTarget of(EmbeddedPostgresServer server) {
    return new ServerTarget(
        "embedded",
        server.adminUrl(),
        EmbeddedPostgresServer.ADMIN,
        server.adminPassword(),
        Map.of());
  }
}
