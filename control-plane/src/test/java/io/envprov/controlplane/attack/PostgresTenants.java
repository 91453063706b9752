package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * A real PostgreSQL data server registered through the API, environments on it, and what a tenant
 * holding an {@code admin} credential of one of them can do with plain SQL.
 */
final class PostgresTenants {

  static final String SECRET = "adm1n-s3cret-for-attacks";

  private final RunningService service;
  private final EmbeddedPostgresServer data;
  private final String region;
  final String serverId;

  PostgresTenants(RunningService service, EmbeddedPostgresServer data, String region) {
    this.service = service;
    this.data = data;
    this.region = region;
    this.serverId =
        service
            .post(
                "/v1/database-servers",
                Map.of(
                    "driver",
                    "postgres",
                    "region",
                    region,
                    "name",
                    "pg-" + region + "-" + System.nanoTime(),
                    "admin_url",
                    data.adminUrl(),
                    "admin_username",
                    "postgres",
                    "admin_secret",
                    SECRET,
                    "capacity",
                    100),
                201)
            .get("id")
            .asString();
  }

  /** An active environment of a new organization, on this server. */
  Environment environment() {
    String organizationId =
        service
            .post(
                "/v1/organizations", Map.of("slug", "org-" + System.nanoTime(), "name", "Org"), 201)
            .get("id")
            .asString();
    String id =
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug", "env-" + System.nanoTime(),
                    "name", "Env",
                    "env_type", "sandbox",
                    "driver", "postgres",
                    "region", region),
                202)
            .get("id")
            .asString();
    return new Environment(id, databaseOf(service.awaitStatus(id, "active")));
  }

  /** A copy of the environment, in the mode given; its status once the operation ended. */
  JsonNode copy(Environment source, String mode) {
    String id =
        service
            .post(
                "/v1/environments/" + source.id() + "/copy",
                Map.of(
                    "slug",
                    "copy-" + System.nanoTime(),
                    "name",
                    "Copy",
                    "env_type",
                    "development",
                    "mode",
                    mode),
                202)
            .get("id")
            .asString();
    return settled(id);
  }

  /** The environment once it is no longer provisioning or deprovisioning. */
  JsonNode settled(String environmentId) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = service.get("/v1/environments/" + environmentId);
              String status = last[0].get("status").asString();
              return !status.equals("provisioning") && !status.equals("deprovisioning");
            });
    return last[0];
  }

  static String databaseOf(JsonNode environment) {
    return environment.get("database").get("database_name").asString();
  }

  /** A new credential of the environment: its id, login, secret and URL. */
  Credential credential(String environmentId, String scope) {
    JsonNode issued =
        service.post(
            "/v1/environments/" + environmentId + "/credentials", Map.of("scope", scope), 201);
    return new Credential(
        issued.get("id").asString(),
        issued.get("username").asString(),
        issued.get("secret").asString(),
        issued.get("connection").get("jdbc_url").asString());
  }

  /** A connection as the server's superuser to one of its databases. */
  Connection superuser(String database) throws SQLException {
    return data.admin(database);
  }

  /** A connection with the credential to a database of the server. */
  Connection as(Credential credential, String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", credential.username());
    properties.setProperty("password", credential.secret());
    return DriverManager.getConnection(data.url(database), properties);
  }

  List<String> strings(String database, String query, Object... parameters) throws SQLException {
    try (Connection connection = superuser(database)) {
      return strings(connection, query, parameters);
    }
  }

  static List<String> strings(Connection connection, String query, Object... parameters)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
    }
    return values;
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * {@code public.escalate(via)} in the tenant's database: records who runs it (into {@code
   * public.pwned}, writable by everyone), then tries to leave any {@code SET ROLE} and make the
   * tenant's login a superuser and a member of {@code pg_read_server_files}. Returns true.
   */
  static void plantEscalation(Connection tenant, String login) throws SQLException {
    execute(tenant, "CREATE TABLE public.pwned (who text, sess text, via text)");
    execute(tenant, "GRANT SELECT, INSERT ON public.pwned TO PUBLIC");
    execute(
        tenant,
        "CREATE FUNCTION public.escalate(via text) RETURNS boolean LANGUAGE plpgsql AS $f$"
            + " BEGIN"
            + " BEGIN INSERT INTO public.pwned VALUES (current_user, session_user, via);"
            + " EXCEPTION WHEN others THEN NULL; END;"
            + " BEGIN EXECUTE 'RESET ROLE'; EXCEPTION WHEN others THEN NULL; END;"
            + " BEGIN EXECUTE 'ALTER ROLE "
            + login
            + " SUPERUSER'; EXCEPTION WHEN others THEN NULL; END;"
            + " BEGIN EXECUTE 'GRANT pg_read_server_files TO "
            + login
            + "'; EXCEPTION WHEN others THEN NULL; END;"
            + " RETURN true; END $f$");
  }

  /**
   * The login is no superuser and a member of its environment's admin group only, and nothing ran
   * {@code public.escalate} as the server admin in the databases (those that still exist).
   */
  void assertNotEscalated(String login, String... databases) throws SQLException {
    assertThat(strings("postgres", "SELECT rolsuper::text FROM pg_roles WHERE rolname = ?", login))
        .as("whether " + login + " is a superuser")
        .containsExactly("false");
    assertThat(
            strings(
                "postgres",
                "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                    + " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = ?",
                login))
        .as("the groups of " + login)
        .hasSize(1)
        .allMatch(group -> group.endsWith("_admin"));
    for (String database : databases) {
      if (strings("postgres", "SELECT 1 FROM pg_database WHERE datname = ?", database).isEmpty()) {
        continue;
      }
      assertThat(
              strings(
                  database,
                  "SELECT via FROM public.pwned WHERE sess = 'postgres' OR who = 'postgres'"))
          .as("what ran as the server admin in " + database)
          .isEmpty();
    }
  }

  /**
   * As {@link #assertNotEscalated} while the login exists (deprovisioning drops it); and in any
   * case no role but the server's own superuser is a superuser.
   */
  void assertNotEscalatedOrGone(String login, String... databases) throws SQLException {
    if (!strings("postgres", "SELECT 1 FROM pg_roles WHERE rolname = ?", login).isEmpty()) {
      assertNotEscalated(login, databases);
    }
    assertThat(strings("postgres", "SELECT rolname FROM pg_roles WHERE rolsuper"))
        .containsExactly("postgres");
  }

  /** An environment and its database. */
  record Environment(String id, String database) {}

  /** An issued credential. */
  record Credential(String id, String username, String secret, String jdbcUrl) {}
}
