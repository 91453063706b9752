package io.envprov.driver.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.contract.DriverContractTest;
import io.envprov.testsupport.LocalPostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared driver contract against the machine's PostgreSQL 15 server, which the machine's {@code
 * pg_dump} can dump: the contract's backup checks, which skip on the embedded PostgreSQL 17 ({@link
 * PostgresDriverContractTest}), run here.
 */
class PostgresDriverContractOnPostgres15Test extends DriverContractTest {

  @TempDir static Path dataDirectory;

  private static LocalPostgresServer server;
  private static DatabaseDriver driver;

  @BeforeAll
  static void startServerAndDriver() {
    assumeTrue(
        LocalPostgresServer.available(15),
        "PostgreSQL 15 server binaries are not installed (.ci/run installs postgresql-15)");
    server = LocalPostgresServer.start(15);
    driver = new PostgresDriverProvider().create(new DriverContext(dataDirectory, Map.of()));
  }

  @AfterAll
  static void stopServer() {
    if (driver != null) {
      driver.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected DatabaseDriver driver() {
    return driver;
  }

  @Override
  protected ServerTarget server() {
    return LocalTarget.of(server);
  }
}
