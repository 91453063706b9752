package io.envprov.driver.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

/**
 * Times what the engine asks of the driver for one environment ({@code provision}, two {@code
 * issueCredential}s, a login with the readwrite credential reading the baseline version) against
 * the same work in plain SQL, one statement per round trip on a kept admin connection (as {@code
 * benchmarks/DirectPostgresBaseline} does), alternating, on an embedded server with {@code
 * fsync=on}. Shows the driver's own overhead without the control plane. Not part of the normal
 * build and asserts no timing: {@code mvn -o -pl provisioner/driver-postgres test
 * -Dtest=DriverOverheadTiming -Dsurefire.failIfNoSpecifiedTests=false -Dtiming=true}, output in
 * {@code target/surefire-reports/*-output.txt}.
 */
@EnabledIfSystemProperty(named = "timing", matches = "true")
class DriverOverheadTiming {

  private static final int WARM_UP = Integer.getInteger("timing.warmup", 20);
  private static final int ROUNDS = Integer.getInteger("timing.rounds", 40);

  @Test
  void driverAgainstRawSql() throws Exception {
    Path directory = Files.createTempDirectory("timing-");
    try (EmbeddedPostgresServer server =
            EmbeddedPostgresServer.start(
                directory.resolve("data"), Map.of("fsync", "on", "synchronous_commit", "on"));
        PostgresDriver driver = new PostgresDriver(getClass().getClassLoader());
        Connection admin = server.admin("postgres")) {
      // The driver's template serves the raw side too.
      String first = Databases.newDatabaseName();
      driver.provision(
          new ProvisionRequest(first, EmbeddedTarget.of(server), Baseline.DATA_PLANE, Map.of()));
      String template = PostgresNames.template(Baseline.DATA_PLANE);
      Map<String, List<Double>> millis = new LinkedHashMap<>();
      millis.put("driver", new ArrayList<>());
      millis.put("raw", new ArrayList<>());
      for (int round = 0; round < WARM_UP + ROUNDS; round++) {
        boolean driverFirst = round % 2 == 0;
        for (int k = 0; k < 2; k++) {
          boolean useDriver = (k == 0) == driverFirst;
          String name = Databases.newDatabaseName();
          long start = System.nanoTime();
          if (useDriver) {
            viaDriver(server, driver, name);
          } else {
            raw(server, admin, template, name);
          }
          double elapsed = (System.nanoTime() - start) / 1e6;
          if (round >= WARM_UP) {
            millis.get(useDriver ? "driver" : "raw").add(elapsed);
          }
        }
      }
      millis.forEach(
          (what, values) ->
              System.out.println(
                  String.format(
                      Locale.ROOT,
                      "%s environments=%d median=%.1fms mean=%.1fms p90=%.1fms",
                      what,
                      values.size(),
                      percentile(values, 50),
                      values.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                      percentile(values, 90))));
    }
  }

  private static void viaDriver(EmbeddedPostgresServer server, PostgresDriver driver, String name)
      throws SQLException {
    DatabaseRef ref = new DatabaseRef(name, EmbeddedTarget.of(server));
    driver.provision(
        new ProvisionRequest(name, EmbeddedTarget.of(server), Baseline.DATA_PLANE, Map.of()));
    driver.issueCredential(ref, new CredentialRequest(name + "_adm", CredentialScope.ADMIN, null));
    IssuedCredential writer =
        driver.issueCredential(
            ref, new CredentialRequest(name + "_rw", CredentialScope.READWRITE, null));
    ConnectionSpec spec = driver.connectionSpec(ref, writer);
    try (Connection c = Databases.connect(spec)) {
      assertThat(
              Databases.strings(c, "SELECT max(version) FROM flyway_schema_history WHERE success"))
          .doesNotContainNull();
    }
  }

  private static void raw(
      EmbeddedPostgresServer server, Connection admin, String template, String name)
      throws SQLException {
    String adminGroup = Sql.ident(name + "_admin");
    String readwrite = Sql.ident(name + "_readwrite");
    String readonly = Sql.ident(name + "_readonly");
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + Sql.ident(name) + " TEMPLATE " + Sql.ident(template));
      s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + Sql.ident(name) + " FROM PUBLIC");
      s.execute("CREATE ROLE " + adminGroup + " NOLOGIN");
      s.execute("CREATE ROLE " + readwrite + " NOLOGIN");
      s.execute("CREATE ROLE " + readonly + " NOLOGIN");
      s.execute(
          "GRANT CONNECT ON DATABASE "
              + Sql.ident(name)
              + " TO "
              + String.join(", ", adminGroup, readwrite, readonly));
    }
    try (Connection c = server.admin(name)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("REASSIGN OWNED BY " + Sql.ident(template) + " TO " + adminGroup);
        s.execute("DROP OWNED BY " + Sql.ident(template));
        for (String statement : DatabaseSetup.secure(new PostgresNames(name))) {
          s.execute(statement);
        }
      }
      c.commit();
      c.setAutoCommit(true);
      assertThat(Databases.strings(c, DatabaseSetup.versionsQuery())).isNotEmpty();
    }
    loginRole(admin, name + "_adm", name + "_admin");
    String secret = loginRole(admin, name + "_rw", name + "_readwrite");
    try (Connection c = server.connect(name, name + "_rw", secret);
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT max(version) FROM flyway_schema_history WHERE success")) {
      assertThat(rows.next()).isTrue();
    }
  }

  private static String loginRole(Connection admin, String role, String group) throws SQLException {
    String secret = Databases.randomHex(32);
    admin.setAutoCommit(false);
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE ROLE " + Sql.ident(role) + " LOGIN IN ROLE " + Sql.ident(group));
      s.execute(
          "ALTER ROLE "
              + Sql.ident(role)
              + " WITH LOGIN VALID UNTIL '"
              + Instant.now().plus(365, ChronoUnit.DAYS)
              + "'");
      s.execute("ALTER ROLE " + Sql.ident(role) + " SET role = '" + group + "'");
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword(role, secret.toCharArray(), "scram-sha-256");
      admin.commit();
    } finally {
      admin.setAutoCommit(true);
    }
    return secret;
  }

  private static double percentile(List<Double> values, int percent) {
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
