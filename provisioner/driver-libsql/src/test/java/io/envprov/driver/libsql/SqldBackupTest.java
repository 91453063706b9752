package io.envprov.driver.libsql;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.ServerTarget;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Backups on the sqld-faithful test server, in sqld mode. */
class SqldBackupTest extends LibsqlBackupCases {

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
  DatabaseDriver driver() {
    return fixture.driver;
  }

  @Override
  ServerTarget target() {
    return fixture.target;
  }

  @Override
  URI sqldAdminUrl() {
    return fixture.server.adminUrl();
  }

  @Override
  String sqldAdminKey() {
    return SqldFixture.ADMIN_KEY;
  }

  @Override
  String namespace(String databaseName) {
    return databaseName;
  }
}
