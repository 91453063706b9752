package io.envprov.driver.libsql;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.libsql.testserver.TursoPlatformTestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Backups in Turso mode, against the Platform API test server (databases played by sqld). */
class TursoBackupTest extends LibsqlBackupCases {

  private static final String SQLD_ADMIN_KEY = "sqld-admin-key-for-turso-tests";
  private static final String PLATFORM_TOKEN = "platform-token-for-tests";

  private static Path data;
  private static LibsqlTestServer sqld;
  private static TursoPlatformTestServer turso;
  private static ServerTarget target;
  private static DatabaseDriver driver;

  @BeforeAll
  static void startServers() throws Exception {
    data = Files.createTempDirectory("turso-backup-test");
    sqld = LibsqlTestServer.builder(data).adminAuthKey(SQLD_ADMIN_KEY).start();
    turso = new TursoPlatformTestServer(sqld, SQLD_ADMIN_KEY, PLATFORM_TOKEN, "acme");
    target =
        new ServerTarget(
            "turso-test",
            turso.baseUrl().toString(),
            null,
            PLATFORM_TOKEN,
            Map.of("mode", "turso", "organization", "acme", "sqlUrl", sqld.sqlUrl().toString()));
    driver = new LibsqlDriverProvider().create(new DriverContext(data, Map.of()));
  }

  @AfterAll
  static void stopServers() {
    driver.close();
    turso.close();
    sqld.close();
    SqldFixture.deleteRecursively(data);
  }

  @Override
  DatabaseDriver driver() {
    return driver;
  }

  @Override
  ServerTarget target() {
    return target;
  }

  @Override
  URI sqldAdminUrl() {
    return sqld.adminUrl();
  }

  @Override
  String sqldAdminKey() {
    return SQLD_ADMIN_KEY;
  }

  @Override
  String namespace(String databaseName) {
    return TursoBackend.dbName(databaseName);
  }
}
