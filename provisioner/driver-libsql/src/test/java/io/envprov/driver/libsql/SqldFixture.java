package io.envprov.driver.libsql;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.libsql.testserver.LibsqlTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A libSQL test server with an admin auth key, and a driver pointed at it. */
final class SqldFixture implements AutoCloseable {

  static final String ADMIN_KEY = "admin-key-for-tests";
  static final String DRIVER_SECRET = "driver-secret-for-tests-0123456789abcdef";

  final Path directory;
  final LibsqlTestServer server;
  final ServerTarget target;
  final DatabaseDriver driver;

  SqldFixture() throws Exception {
    directory = Files.createTempDirectory("libsql-driver-test");
    server = LibsqlTestServer.builder(directory.resolve("sqld")).adminAuthKey(ADMIN_KEY).start();
    target =
        new ServerTarget(
            "sqld-test",
            server.adminUrl().toString(),
            null,
            ADMIN_KEY,
            Map.of("sqlUrl", server.sqlUrl().toString()),
            DRIVER_SECRET);
    driver = new LibsqlDriverProvider().create(new DriverContext(directory, Map.of()));
  }

  @Override
  public void close() {
    driver.close();
    server.close();
    deleteRecursively(directory);
  }

  static void deleteRecursively(Path directory) {
    try (var paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort
    }
  }
}
