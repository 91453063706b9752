package io.envprov.controlplane.restore;

import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.LocalPostgresServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Restores and resets of PostgreSQL environments on a real server. */
class PostgresRestoreTest extends ServerRestoreTestSupport {

  private static final String SECRET = "adm1n-s3cret-for-restore-tests";
  private static LocalPostgresServer server;
  @TempDir static Path dataDir;
  private static RunningService service;
  private static String serverId;
  private static String organizationId;

  @BeforeAll
  static void start() {
    org.junit.jupiter.api.Assumptions.assumeTrue(LocalPostgresServer.available(15));
    server = LocalPostgresServer.start(15);
    service = RunningService.start(TestPostgres.newDatabase(), dataDir, Map.of());
    serverId =
        service
            .post(
                "/v1/database-servers",
                Map.of(
                    "driver", "postgres",
                    "region", "pg-restore",
                    "name", "pg-restore",
                    "admin_url", server.adminUrl(),
                    "admin_username", "postgres",
                    "admin_secret", server.adminPassword(),
                    "capacity", 20),
                201)
            .get("id")
            .asString();
    organizationId =
        service
            .post("/v1/organizations", Map.of("slug", "pg-restore", "name", "PG restore"), 201)
            .get("id")
            .asString();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected RunningService service() {
    return service;
  }

  @Override
  protected String driver() {
    return "postgres";
  }

  @Override
  protected String region() {
    return "pg-restore";
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
