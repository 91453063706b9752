package io.envprov.driver.postgres;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.contract.DriverContractTest;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared driver contract, run against a real PostgreSQL server (embedded, one for this class)
 * with password authentication on.
 */
class PostgresDriverContractTest extends DriverContractTest {

  @TempDir static Path serverDirectory;

  private static EmbeddedPostgresServer server;
  private static DatabaseDriver driver;

  @BeforeAll
  static void startServerAndDriver() throws Exception {
    server = EmbeddedPostgresServer.start(serverDirectory.resolve("data"));
    driver = new PostgresDriverProvider().create(new DriverContext(serverDirectory, Map.of()));
  }

  @AfterAll
  static void stopServer() throws Exception {
    driver.close();
    server.close();
  }

  @Override
  protected DatabaseDriver driver() {
    return driver;
  }

  @Override
  protected ServerTarget server() {
    return EmbeddedTarget.of(server);
  }
}
