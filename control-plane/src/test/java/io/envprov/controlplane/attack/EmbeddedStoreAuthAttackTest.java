package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.envprov.controlplane.store.EmbeddedStore;
import io.envprov.controlplane.store.StoreConnection;
import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 8 of issue 10: the embedded store is not open to whoever reaches its port. An attacker on
 * the same host connects as {@code postgres} with no password or a guessed one; only the generated
 * password, kept owner-only beside the data directory, gets in (SCRAM-SHA-256).
 */
class EmbeddedStoreAuthAttackTest {

  @TempDir Path dataDir;

  @Test
  void a_local_attacker_without_the_generated_password_cannot_log_in_to_a_fresh_embedded_store()
      throws Exception {
    Path directory = dataDir.resolve("postgres");
    try (EmbeddedStore store = EmbeddedStore.start(directory, 0)) {
      StoreConnection connection = store.connection();

      assertRefused(connection.jdbcUrl(), null);
      assertRefused(connection.jdbcUrl(), "postgres");
      assertRefused(connection.jdbcUrl(), "");
      try (Connection owner = connect(connection.jdbcUrl(), connection.password());
          Statement statement = owner.createStatement()) {
        assertThat(single(statement, "SHOW password_encryption")).isEqualTo("scram-sha-256");
        assertThat(
                single(statement, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'"))
            .startsWith("SCRAM-SHA-256$");
        assertThat(
                single(
                    statement,
                    "SELECT string_agg(DISTINCT auth_method, ',') FROM pg_hba_file_rules"))
            .isEqualTo("scram-sha-256");
      }
    }

    Path passwordFile = EmbeddedStore.passwordFile(directory);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
        .isEqualTo("rw-------");
    String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).trim();
    assertThat(password).hasSizeGreaterThanOrEqualTo(40);

    // A restart reuses the password and stays closed.
    try (EmbeddedStore again = EmbeddedStore.start(directory, 0)) {
      assertThat(again.connection().password()).isEqualTo(password);
      assertRefused(again.connection().jdbcUrl(), null);
      try (Connection owner = connect(again.connection().jdbcUrl(), password)) {
        assertThat(owner.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void a_data_directory_an_earlier_version_created_with_trust_is_closed_on_the_next_start()
      throws Exception {
    Path directory = dataDir.resolve("postgres");
    Files.createDirectories(directory);
    // What earlier versions left behind: the library's initdb with trust for everyone.
    try (EmbeddedPostgres old =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory.toFile())
            .setCleanDataDirectory(false)
            .start()) {
      try (Connection trusted = connect(old.getJdbcUrl("postgres", "postgres"), null);
          Statement statement = trusted.createStatement()) {
        statement.execute("CREATE TABLE kept (v text)");
        statement.execute("INSERT INTO kept VALUES ('survives the upgrade')");
      }
    }

    try (EmbeddedStore store = EmbeddedStore.start(directory, 0)) {
      StoreConnection connection = store.connection();

      assertRefused(connection.jdbcUrl(), null);
      assertRefused(connection.jdbcUrl(), "wrong-password");
      try (Connection owner = connect(connection.jdbcUrl(), connection.password());
          Statement statement = owner.createStatement()) {
        assertThat(single(statement, "SELECT v FROM kept")).isEqualTo("survives the upgrade");
      }
    }
  }

  @Test
  void the_service_on_its_embedded_store_works_while_the_store_refuses_passwordless_logins()
      throws Exception {
    try (RunningService service =
        RunningService.start(
            TestPostgres.newDatabase(),
            dataDir,
            Map.of("controlplane.database.url", "", "controlplane.database.username", ""))) {
      service.get("/v1/organizations");
      StoreConnection connection = service.bean(StoreConnection.class);

      assertRefused(connection.jdbcUrl(), null);
      assertRefused(connection.jdbcUrl(), "postgres");
      assertThat(Files.exists(EmbeddedStore.passwordFile(dataDir.resolve("postgres")))).isTrue();
    }
  }

  private static void assertRefused(String jdbcUrl, String password) {
    SQLException refused =
        catchThrowableOfType(SQLException.class, () -> connect(jdbcUrl, password).close());
    assertThat((Throwable) refused).as("a login with password %s", password).isNotNull();
    assertThat(refused.getSQLState()).isIn("28P01", "08004", "28000");
  }

  private static Connection connect(String jdbcUrl, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
