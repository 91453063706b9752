package io.envprov.driver.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers that cannot be used: how the driver reports them, and that it never shows a secret. */
class PostgresFailuresTest {

  private static final String WRONG_SECRET = "wrong-secret-" + Databases.randomHex(8);

  @TempDir static Path serverDirectory;

  private static EmbeddedPostgresServer server;
  private static PostgresDriver driver;

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgresServer.start(serverDirectory.resolve("data"));
    driver = new PostgresDriver(PostgresFailuresTest.class.getClassLoader());
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void aServerThatDoesNotListenIsDownAndATransientFailure() throws IOException {
    ServerTarget silent =
        target("jdbc:postgresql://127.0.0.1:" + freePort() + "/postgres", WRONG_SECRET);

    Health health = driver.health(silent);

    assertThat(health.status()).isEqualTo(Health.Status.DOWN);
    assertThat(health.detail()).contains("silent").doesNotContain(WRONG_SECRET);
    assertThatThrownBy(() -> driver.provision(request(silent)))
        .isInstanceOfSatisfying(
            DriverException.class,
            e -> {
              assertThat(e.isTransient()).isTrue();
              assertThat(e.getMessage()).doesNotContain(WRONG_SECRET);
            });
  }

  @Test
  void aWrongAdminSecretIsDownAndAPermanentFailureThatNeverShowsTheSecret() {
    ServerTarget wrong = target(server.adminUrl(), WRONG_SECRET);

    Health health = driver.health(wrong);

    assertThat(health.status()).isEqualTo(Health.Status.DOWN);
    assertThat(health.detail())
        .contains("password authentication failed")
        .doesNotContain(WRONG_SECRET);
    assertThatThrownBy(() -> driver.exists(new DatabaseRef("env_x", wrong)))
        .isInstanceOfSatisfying(
            DriverException.class,
            e -> {
              assertThat(e.isTransient()).isFalse();
              assertThat(e.getMessage()).contains("env_x", "silent").doesNotContain(WRONG_SECRET);
            });
  }

  @Test
  void aSecretWrittenIntoTheAdminUrlIsMaskedToo() {
    ServerTarget leaky = target(server.adminUrl() + "?password=" + WRONG_SECRET, WRONG_SECRET);

    assertThat(driver.health(leaky).detail()).doesNotContain(WRONG_SECRET);
    assertThatThrownBy(() -> driver.exists(new DatabaseRef("env_x", leaky)))
        .hasMessageNotContaining(WRONG_SECRET);
  }

  @Test
  void anAdminUrlThatIsNotPostgresIsAPermanentFailureNamingTheServer() {
    ServerTarget mysql = target("jdbc:mysql://localhost/x", WRONG_SECRET);

    assertThat(driver.health(mysql).status()).isEqualTo(Health.Status.DOWN);
    assertThatThrownBy(() -> driver.provision(request(mysql)))
        .isInstanceOfSatisfying(
            DriverException.class,
            e -> {
              assertThat(e.isTransient()).isFalse();
              assertThat(e.getMessage()).contains("silent", "jdbc:postgresql://");
            });
  }

  @Test
  void withoutAServerEveryCallIsAPermanentFailure() {
    assertThatThrownBy(() -> driver.exists(DatabaseRef.local("env_x")))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("places databases on a server");
    assertThat(driver.health(null).isUp()).isTrue();
  }

  @Test
  void unusableSettingsAreRefusedNamingTheSetting(@TempDir Path dataDirectory) {
    PostgresDriverProvider provider = new PostgresDriverProvider();

    assertThatThrownBy(
            () ->
                provider.create(
                    new DriverContext(
                        dataDirectory, Map.of(PostgresSettings.SOCKET_TIMEOUT, "soon"))))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining(PostgresSettings.SOCKET_TIMEOUT);
    assertThatThrownBy(
            () ->
                provider.create(
                    new DriverContext(
                        dataDirectory, Map.of(PostgresSettings.BASELINE_STRATEGY, "pg_dump"))))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining(PostgresSettings.BASELINE_STRATEGY);
    assertThatThrownBy(
            () ->
                provider.create(
                    new DriverContext(
                        dataDirectory, Map.of(PostgresSettings.ADMIN_POOL_SIZE, "0"))))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining(PostgresSettings.ADMIN_POOL_SIZE);
    try (DatabaseDriver flyway =
        provider.create(
            new DriverContext(
                dataDirectory, Map.of(PostgresSettings.BASELINE_STRATEGY, "flyway")))) {
      assertThat(flyway.name()).isEqualTo("postgres");
    }
  }

  private static ServerTarget target(String url, String secret) {
    return new ServerTarget("silent", url, EmbeddedPostgresServer.ADMIN, secret, Map.of());
  }

  private static ProvisionRequest request(ServerTarget target) {
    return new ProvisionRequest("env_x", target, Baseline.DATA_PLANE, Map.of());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
