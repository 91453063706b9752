package io.envprov.controlplane.attack;

import static io.envprov.controlplane.attack.PostgresTenants.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.attack.PostgresTenants.Credential;
import io.envprov.controlplane.attack.PostgresTenants.Environment;
import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.EmbeddedPostgresServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 2: tenant logins stay inside their database. A credential of one environment
 * cannot connect to the server's maintenance databases, where the driver holds its advisory locks,
 * nor to another environment's database, and cannot stall the provisioning of others by taking the
 * driver's locks.
 */
class TenantLoginEscapeAttackTest {

  /** The first key of every advisory lock the driver used to take ("envp"). */
  private static final int OLD_LOCK_NAMESPACE = 0x656e7670;

  @TempDir static Path dataDir;
  private static EmbeddedPostgresServer data;
  private static RunningService service;
  private static PostgresTenants tenants;

  @BeforeAll
  static void start() throws Exception {
    data = EmbeddedPostgresServer.start(PostgresTenants.SECRET);
    service = RunningService.start(TestPostgres.newDatabase(), dataDir, Map.of());
    tenants = new PostgresTenants(service, data, "eu-attack-escape");
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    data.close();
  }

  @Test
  void a_tenant_login_cannot_connect_to_the_servers_maintenance_databases() throws Exception {
    Environment environment = tenants.environment();
    Credential tenant = tenants.credential(environment.id(), "admin");

    for (String database : List.of("postgres", "template1")) {
      assertThatThrownBy(() -> tenants.as(tenant, database).close())
          .as(database)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied for database");
    }
    try (Connection own = tenants.as(tenant, environment.database())) {
      assertThat(strings(own, "SELECT current_database()")).containsExactly(environment.database());
    }
  }

  @Test
  void a_tenant_login_cannot_stall_the_provisioning_of_other_environments_with_advisory_locks()
      throws Exception {
    Environment environment = tenants.environment();
    Credential tenant = tenants.credential(environment.id(), "admin");
    Connection squatter = null;
    try {
      try {
        squatter = tenants.as(tenant, "postgres");
      } catch (SQLException refused) {
        squatter = tenants.as(tenant, environment.database()); // the best a tenant has left
      }
      // Every provision takes the shared lock of the baseline's template: hold it exclusively,
      // keyed as the driver used to key it, and anything else its name could be keyed with.
      for (String template :
          strings(
              squatter, "SELECT datname FROM pg_database WHERE datname LIKE 'envprov\\_tpl\\_%'")) {
        strings(
            squatter,
            "SELECT pg_advisory_lock(" + OLD_LOCK_NAMESPACE + ", hashtext(?))::text",
            "template:" + template);
        strings(squatter, "SELECT pg_advisory_lock(hashtext(?))::text", "template:" + template);
      }

      CompletableFuture<Environment> other = CompletableFuture.supplyAsync(tenants::environment);

      assertThat(other.get(45, TimeUnit.SECONDS).database()).isNotBlank();
    } finally {
      if (squatter != null) {
        squatter.close();
      }
    }
  }

  @Test
  void a_credential_of_one_environment_cannot_connect_to_another_environments_database()
      throws Exception {
    Environment mine = tenants.environment();
    Environment theirs = tenants.environment();
    for (String scope : List.of("admin", "readwrite", "readonly")) {
      Credential credential = tenants.credential(mine.id(), scope);

      assertThatThrownBy(() -> tenants.as(credential, theirs.database()).close())
          .as(scope)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied for database");
    }
  }
}
