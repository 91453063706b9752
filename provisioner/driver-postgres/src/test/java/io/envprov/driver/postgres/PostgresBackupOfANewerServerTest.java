package io.envprov.driver.postgres;

import static io.envprov.driver.postgres.Databases.newDatabaseName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.UnsupportedCapabilityException;
import io.envprov.testsupport.EmbeddedPostgresServer;
import io.envprov.testsupport.LocalPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server newer than every {@code pg_dump} the driver has (the embedded PostgreSQL 17 against the
 * machine's {@code pg_dump} 15): the driver says it cannot back it up, so the control plane refuses
 * before it tries, and a call made anyway fails permanently with what to install.
 */
class PostgresBackupOfANewerServerTest {

  @TempDir static Path serverDirectory;
  @TempDir Path files;

  private static EmbeddedPostgresServer server;
  private static PostgresDriver driver;

  @BeforeAll
  static void startServer() {
    Path tools = LocalPostgresServer.binDirectory(15);
    assumeTrue(
        Files.isExecutable(tools.resolve("pg_dump")),
        "the PostgreSQL 15 client programs are not installed");
    server = EmbeddedPostgresServer.start(serverDirectory.resolve("data"));
    driver =
        new PostgresDriver(
            PostgresSettings.defaults().withClientBinDirectory(tools),
            PostgresBackupOfANewerServerTest.class.getClassLoader());
  }

  @AfterAll
  static void stopServer() {
    if (driver != null) {
      driver.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theDriverCanBackUpButNotThisServer() {
    assertThat(driver.capabilities().backup()).isTrue();
    assertThat(driver.capabilities(target()).backup()).isFalse();
    assertThat(driver.capabilities(target()).copy()).isTrue();
  }

  @Test
  void aBackupAskedForAnywayFailsPermanentlySayingWhatToInstallBeforeTouchingAnything() {
    String name = newDatabaseName();
    driver.provision(request(name));
    try {
      Path target = files.resolve("never.dump");

      assertThatThrownBy(() -> driver.backup(ref(name), CopyMode.EVERYTHING, target))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("PostgreSQL 17")
          .hasMessageContaining("pg_dump")
          .hasMessageContaining("clientBinDirectory")
          .satisfies(e -> assertThat(((DriverException) e).isTransient()).isFalse());
      assertThat(target).doesNotExist();
      assertThatThrownBy(() -> driver.restoreInPlace(ref(name), target))
          .isInstanceOf(DriverException.class)
          .hasMessageContaining("PostgreSQL 17");
      String restored = newDatabaseName();
      assertThatThrownBy(() -> driver.restore(target, request(restored)))
          .isInstanceOf(DriverException.class)
          .hasMessageContaining("PostgreSQL 17");
      assertThat(driver.exists(ref(restored))).isFalse();
    } finally {
      driver.deprovision(ref(name));
    }
  }

  @Test
  void theSizeOfADatabaseNeedsNoClientPrograms() {
    String name = newDatabaseName();
    driver.provision(request(name));
    try {
      assertThat(driver.sizeBytes(ref(name))).isPositive();
    } finally {
      driver.deprovision(ref(name));
    }
  }

  private static ServerTarget target() {
    return EmbeddedTarget.of(server);
  }

  private static DatabaseRef ref(String name) {
    return new DatabaseRef(name, target());
  }

  private static ProvisionRequest request(String name) {
    return new ProvisionRequest(name, target(), Baseline.DATA_PLANE, Map.of());
  }
}
