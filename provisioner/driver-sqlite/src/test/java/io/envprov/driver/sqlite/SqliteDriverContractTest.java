package io.envprov.driver.sqlite;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.contract.DriverContractTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The shared driver contract, run against SQLite files in a temporary data directory. */
class SqliteDriverContractTest extends DriverContractTest {

  @TempDir static Path dataDirectory;

  private static DatabaseDriver driver;

  @BeforeAll
  static void createDriver() {
    driver = new SqliteDriverProvider().create(new DriverContext(dataDirectory, Map.of()));
  }

  @AfterAll
  static void closeDriver() {
    driver.close();
  }

  @Override
  protected DatabaseDriver driver() {
    return driver;
  }
}
