package io.envprov.driver.postgres;

import static io.envprov.driver.postgres.Databases.connect;
import static io.envprov.driver.postgres.Databases.execute;
import static io.envprov.driver.postgres.Databases.insertPackage;
import static io.envprov.driver.postgres.Databases.newDatabaseName;
import static io.envprov.driver.postgres.Databases.newUsername;
import static io.envprov.driver.postgres.Databases.ownersInPublic;
import static io.envprov.driver.postgres.Databases.packageIds;
import static io.envprov.driver.postgres.Databases.rolesStartingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A managed server rarely hands out a superuser: the whole life of a database, with a server admin
 * that only has CREATEDB, CREATEROLE and membership of {@code pg_signal_backend}.
 */
class PostgresUnprivilegedAdminTest {

  private static final String PROVISIONER = "provisioner";
  private static final String PASSWORD = "provisioner-" + Databases.randomHex(12);

  @TempDir static Path serverDirectory;

  private static EmbeddedPostgresServer server;
  private static ServerTarget target;
  private static PostgresDriver driver;

  @BeforeAll
  static void startServerWithAnUnprivilegedAdmin() throws Exception {
    server = EmbeddedPostgresServer.start(serverDirectory.resolve("data"));
    try (Connection admin = server.admin("postgres")) {
      execute(
          admin,
          "CREATE ROLE " + PROVISIONER + " LOGIN CREATEDB CREATEROLE PASSWORD '" + PASSWORD + "'");
      execute(admin, "GRANT pg_signal_backend TO " + PROVISIONER);
    }
    target = new ServerTarget("unprivileged", server.adminUrl(), PROVISIONER, PASSWORD, Map.of());
    driver = new PostgresDriver(PostgresUnprivilegedAdminTest.class.getClassLoader());
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void anAdminWithCreatedbAndCreateroleProvisionsCopiesRevokesAndDeprovisions()
      throws SQLException {
    String source = newDatabaseName();
    String copy = newDatabaseName();

    driver.provision(request(source));
    try (Connection admin = open(source, CredentialScope.ADMIN)) {
      execute(admin, "CREATE TABLE note(id integer PRIMARY KEY, text text)");
      execute(admin, "INSERT INTO note VALUES (1, 'a note')");
      insertPackage(admin, "in-the-source");
    }
    IssuedCredential writer = issue(source, CredentialScope.READWRITE);
    try (Connection readwrite = connect(driver.connectionSpec(ref(source), writer))) {
      execute(readwrite, "INSERT INTO note VALUES (2, 'another note')");
    }
    try (Connection readonly = open(source, CredentialScope.READONLY)) {
      assertThatThrownBy(() -> execute(readonly, "DELETE FROM note"))
          .isInstanceOf(SQLException.class);
    }

    driver.copy(ref(source), request(copy), CopyMode.EVERYTHING);
    try (Connection readwrite = open(copy, CredentialScope.READWRITE)) {
      assertThat(packageIds(readwrite)).containsExactly("in-the-source");
    }
    try (Connection superuser = server.admin(copy)) {
      assertThat(ownersInPublic(superuser))
          .allSatisfy(owner -> assertThat(owner).endsWith("=" + copy + "_admin"));
    }

    driver.revokeCredential(ref(source), writer.username());
    assertThatThrownBy(() -> connect(driver.connectionSpec(ref(source), writer)).close())
        .isInstanceOf(SQLException.class);

    driver.deprovision(ref(source));
    driver.deprovision(ref(copy));

    try (Connection superuser = server.admin("postgres")) {
      assertThat(rolesStartingWith(superuser, source)).isEmpty();
      assertThat(rolesStartingWith(superuser, copy)).isEmpty();
      assertThat(rolesStartingWith(superuser, "cred_")).isEmpty();
    }
    assertThat(driver.exists(ref(source))).isFalse();
    assertThat(driver.exists(ref(copy))).isFalse();
  }

  private IssuedCredential issue(String name, CredentialScope scope) {
    return driver.issueCredential(ref(name), new CredentialRequest(newUsername(), scope, null));
  }

  private Connection open(String name, CredentialScope scope) throws SQLException {
    return connect(driver.connectionSpec(ref(name), issue(name, scope)));
  }

  private static DatabaseRef ref(String name) {
    return new DatabaseRef(name, target);
  }

  private static ProvisionRequest request(String name) {
    return new ProvisionRequest(name, target, Baseline.DATA_PLANE, Map.of());
  }
}
