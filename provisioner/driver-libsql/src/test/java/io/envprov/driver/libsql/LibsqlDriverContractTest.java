package io.envprov.driver.libsql;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.contract.DriverContractTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared driver contract, run against the sqld-faithful test server in sqld mode. */
class LibsqlDriverContractTest extends DriverContractTest {

  private static SqldFixture fixture;

  @BeforeAll
  static void startServer() throws Exception {
    fixture = new SqldFixture();
  }

  @AfterAll
  static void stopServer() {
    fixture.close();
  }

  @Override
  protected DatabaseDriver driver() {
    return fixture.driver;
  }

  @Override
  protected @Nullable ServerTarget server() {
    return fixture.target;
  }
}
