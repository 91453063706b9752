package io.envprov.controlplane.restore;

import io.envprov.controlplane.support.RunningService;
import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Restores and resets of libSQL environments, namespaces of the sqld-compatible test server. */
class LibsqlRestoreTest extends ServerRestoreTestSupport {

  private static final String ADMIN_KEY = "sqld-admin-key-for-restore-tests";
  @TempDir static Path dataDir;
  @TempDir static Path sqldDir;
  private static LibsqlTestServer sqld;
  private static RunningService service;
  private static String serverId;
  private static String organizationId;

  @BeforeAll
  static void start() {
    sqld = LibsqlTestServer.builder(sqldDir).adminAuthKey(ADMIN_KEY).start();
    service = RunningService.start(TestPostgres.newDatabase(), dataDir, Map.of());
    serverId =
        service
            .post(
                "/v1/database-servers",
                Map.of(
                    "driver",
                    "libsql",
                    "region",
                    "edge",
                    "name",
                    "sqld-restore",
                    "admin_url",
                    sqld.adminUrl().toString(),
                    "admin_secret",
                    ADMIN_KEY,
                    "options",
                    Map.of("sqlUrl", sqld.sqlUrl().toString()),
                    "capacity",
                    20),
                201)
            .get("id")
            .asString();
    organizationId =
        service
            .post("/v1/organizations", Map.of("slug", "libsql-restore", "name", "L"), 201)
            .get("id")
            .asString();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (sqld != null) {
      sqld.close();
    }
  }

  @Override
  protected RunningService service() {
    return service;
  }

  @Override
  protected String driver() {
    return "libsql";
  }

  @Override
  protected String region() {
    return "edge";
  }

  @Override
  protected String serverId() {
    return serverId;
  }

  @Override
  protected String organizationId() {
    return organizationId;
  }
}
