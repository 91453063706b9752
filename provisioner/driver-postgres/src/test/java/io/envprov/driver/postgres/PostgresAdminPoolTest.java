package io.envprov.driver.postgres;

import static io.envprov.driver.postgres.Databases.connect;
import static io.envprov.driver.postgres.Databases.execute;
import static io.envprov.driver.postgres.Databases.newDatabaseName;
import static io.envprov.driver.postgres.Databases.newUsername;
import static io.envprov.driver.postgres.Databases.packageIds;
import static io.envprov.driver.postgres.Databases.randomHex;
import static io.envprov.driver.postgres.Databases.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin connections the driver keeps per server: closed by {@code close()}, replaced when the
 * admin secret changes, replaced when the server ended them, and shared by concurrent calls.
 *
 * <p>Each test logs in as an admin role of its own, so the server's {@code pg_stat_activity} shows
 * exactly that test's admin connections.
 */
class PostgresAdminPoolTest {

  @TempDir static Path serverDirectory;

  private static EmbeddedPostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgresServer.start(serverDirectory.resolve("data"));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void closingTheDriverClosesTheAdminConnectionsItKeptAndLaterCallsKeepNone() throws Exception {
    ServerTarget target = newAdmin("closing");
    PostgresDriver driver = newDriver(PostgresSettings.defaults());
    String name = newDatabaseName();
    driver.provision(request(name, target));

    assertThat(driver.openAdminConnections(target.id())).isPositive();
    assertThat(adminSessions(target)).isPositive();

    driver.close();

    assertThat(driver.openAdminConnections(target.id())).isZero();
    awaitTrue(() -> adminSessions(target) == 0, "the kept admin connections to be closed");
    assertThat(driver.exists(new DatabaseRef(name, target))).isTrue();
    assertThat(driver.openAdminConnections(target.id())).isZero();
    awaitTrue(() -> adminSessions(target) == 0, "the call's own connection to be closed");
    driver.deprovision(new DatabaseRef(name, target));
  }

  @Test
  void aChangedAdminSecretIsUsedAtOnceAndConnectionsMadeWithTheOldOneAreClosed() throws Exception {
    ServerTarget before = newAdmin("rotating");
    String newSecret = "rotated-" + randomHex(12);
    ServerTarget after =
        new ServerTarget(
            before.id(), before.adminUrl(), before.adminUsername(), newSecret, Map.of());
    try (PostgresDriver driver = newDriver(PostgresSettings.defaults())) {
      String first = newDatabaseName();
      driver.provision(request(first, before));
      int keptBefore = adminSessions(before);
      assertThat(keptBefore).isPositive();

      try (Connection superuser = server.admin("postgres")) {
        execute(
            superuser, "ALTER ROLE " + before.adminUsername() + " PASSWORD '" + newSecret + "'");
      }
      String second = newDatabaseName();
      ProvisionedDatabase provisioned = driver.provision(request(second, after));

      assertThat(provisioned.baselineVersion()).isNotBlank();
      // Only the connections of the new secret remain.
      awaitTrue(
          () -> adminSessions(after) == driver.openAdminConnections(after.id()),
          "the connections made with the old secret to be closed");
      assertThatThrownBy(() -> driver.exists(new DatabaseRef(first, before)))
          .isInstanceOfSatisfying(
              DriverException.class,
              e -> {
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage())
                    .contains("password authentication failed")
                    .doesNotContain(before.adminSecret(), newSecret);
              });
      driver.deprovision(new DatabaseRef(first, after));
      driver.deprovision(new DatabaseRef(second, after));
    }
  }

  @Test
  void aKeptConnectionTheServerEndedIsReplacedWithoutFailingTheNextCall() throws Exception {
    ServerTarget target = newAdmin("ended");
    try (PostgresDriver driver = newDriver(PostgresSettings.defaults())) {
      String name = newDatabaseName();
      driver.provision(request(name, target));
      try (Connection superuser = server.admin("postgres")) {
        strings(
            superuser,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?",
            target.adminUsername());
      }
      awaitTrue(() -> adminSessions(target) == 0, "the server to end the admin connections");

      IssuedCredential writer =
          driver.issueCredential(
              new DatabaseRef(name, target),
              new CredentialRequest(newUsername(), CredentialScope.READWRITE, null));

      try (Connection connection =
          connect(driver.connectionSpec(new DatabaseRef(name, target), writer))) {
        Databases.insertPackage(connection, "after-the-server-ended-the-pool");
        assertThat(packageIds(connection)).containsExactly("after-the-server-ended-the-pool");
      }
      driver.deprovision(new DatabaseRef(name, target));
    }
  }

  @Test
  void concurrentCallsOnOneServerConvergeWhileSharingTwoAdminConnections() throws Exception {
    ServerTarget target = newAdmin("concurrent");
    int names = 4;
    int callsPerName = 2;
    List<String> databases = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      databases.add(newDatabaseName());
    }
    ExecutorService workers = Executors.newFixedThreadPool(names * callsPerName);
    try (PostgresDriver driver = newDriver(PostgresSettings.defaults().withAdminPoolSize(2))) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ProvisionedDatabase>> results = new ArrayList<>();
      for (String name : databases) {
        for (int call = 0; call < callsPerName; call++) {
          Callable<ProvisionedDatabase> work =
              () -> {
                start.await();
                ProvisionedDatabase provisioned = driver.provision(request(name, target));
                driver.issueCredential(
                    new DatabaseRef(name, target),
                    new CredentialRequest(newUsername(), CredentialScope.READONLY, null));
                return provisioned;
              };
          results.add(workers.submit(work));
        }
      }
      start.countDown();
      List<ProvisionedDatabase> provisioned = new ArrayList<>();
      for (Future<ProvisionedDatabase> result : results) {
        provisioned.add(result.get());
      }

      for (int i = 0; i < names; i++) {
        assertThat(provisioned.get(i * callsPerName))
            .isEqualTo(provisioned.get(i * callsPerName + 1));
      }
      assertThat(driver.openAdminConnections(target.id())).isBetween(1, 2);
      // The connections to the new databases close asynchronously on the server's side.
      awaitTrue(() -> adminSessions(target) <= 2, "only the two kept admin connections to remain");
      for (String name : databases) {
        DatabaseRef ref = new DatabaseRef(name, target);
        IssuedCredential writer =
            driver.issueCredential(
                ref, new CredentialRequest(newUsername(), CredentialScope.READWRITE, null));
        try (Connection connection = connect(driver.connectionSpec(ref, writer))) {
          Databases.insertPackage(connection, "written-to-" + name);
          assertThat(packageIds(connection)).containsExactly("written-to-" + name);
        }
        try (Connection superuser = server.admin("postgres")) {
          // Two readonly credentials from the concurrent calls, one writer: all of this database.
          assertThat(
                  strings(
                      superuser,
                      "SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                          + " WHERE g.rolname IN (?, ?)",
                      name + "_readonly",
                      name + "_readwrite"))
              .containsExactly("3");
        }
        driver.deprovision(ref);
      }
    } finally {
      workers.shutdownNow();
    }
  }

  // --- helpers ---

  private static PostgresDriver newDriver(PostgresSettings settings) {
    return new PostgresDriver(settings, PostgresAdminPoolTest.class.getClassLoader());
  }

  /** A superuser of its own, with a password, as the admin of a server id of its own. */
  private static ServerTarget newAdmin(String purpose) throws SQLException {
    String role = "admin_" + purpose + "_" + randomHex(4);
    String secret = "secret-" + randomHex(12);
    try (Connection superuser = server.admin("postgres")) {
      execute(superuser, "CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + secret + "'");
    }
    return new ServerTarget("server-" + role, server.adminUrl(), role, secret, Map.of());
  }

  /** The driver's sessions on the server as that admin. */
  private static int adminSessions(ServerTarget target) {
    return countOf(
        "SELECT count(*) FROM pg_stat_activity WHERE usename = ?"
            + " AND application_name = 'envprov-driver-postgres'",
        target.adminUsername());
  }

  private static int countOf(String query, Object... parameters) {
    try (Connection superuser = server.admin("postgres")) {
      return Integer.parseInt(strings(superuser, query, parameters).get(0));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProvisionRequest request(String name, ServerTarget target) {
    return new ProvisionRequest(name, target, Baseline.DATA_PLANE, Map.of());
  }

  /** Waits for what the server does asynchronously (a backend exits after its client left). */
  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
