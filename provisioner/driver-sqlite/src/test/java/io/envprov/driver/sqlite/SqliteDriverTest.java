package io.envprov.driver.sqlite;

import static io.envprov.driver.spi.contract.DriverContractTest.NEWEST_BASELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What the SQLite driver does with its files, beyond the shared contract. */
class SqliteDriverTest {

  @TempDir Path dataDirectory;

  private SqliteDriver driver;

  @BeforeEach
  void createDriver() {
    driver = create(Map.of());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void theFileIsNamedAfterTheDatabaseInTheSqliteDirectory() {
    String name = newName();

    ProvisionedDatabase provisioned = driver.provision(request(name));

    Path expected = dataDirectory.resolve("sqlite").resolve(name + ".db").toAbsolutePath();
    assertThat(expected).isRegularFile();
    assertThat(driver.file(name)).isEqualTo(expected);
    assertThat(provisioned.databaseUrl()).isEqualTo("jdbc:sqlite:" + expected);
  }

  @Test
  void theDirectorySettingMovesTheFiles() {
    SqliteDriver elsewhere = create(Map.of(SqliteDriverProvider.DIRECTORY, "custom/place"));
    String name = newName();

    elsewhere.provision(request(name));

    assertThat(dataDirectory.resolve("custom/place").resolve(name + ".db")).isRegularFile();
    elsewhere.close();
  }

  @Test
  void aPartiallyProvisionedFileIsCompletedByProvision() throws Exception {
    String name = newName();
    Files.createDirectories(driver.directory());
    Files.createFile(driver.file(name)); // a crash right after SQLite created the file
    assertThat(driver.exists(ref(name))).isTrue();
    assertThat(driver.baselineVersion(ref(name))).isEmpty();

    ProvisionedDatabase provisioned = driver.provision(request(name));

    assertThat(provisioned.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(driver.baselineVersion(ref(name))).contains(NEWEST_BASELINE);
    try (Connection connection = open(name, CredentialScope.READWRITE);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(insertPackage());
    }
  }

  @Test
  void aTemporaryFileLeftByACrashDoesNotCountAsTheDatabaseAndIsRemovedByDeprovision()
      throws Exception {
    String name = newName();
    Files.createDirectories(driver.directory());
    Path leftover = driver.directory().resolve("." + name + ".12345.tmp");
    Files.writeString(leftover, "half a database");

    assertThat(driver.exists(ref(name))).isFalse();
    assertThat(driver.baselineVersion(ref(name))).isEmpty();
    assertThat(driver.provision(request(name)).baselineVersion()).isEqualTo(NEWEST_BASELINE);

    driver.deprovision(ref(name));

    assertThat(leftover).doesNotExist();
    assertThat(driver.file(name)).doesNotExist();
  }

  @Test
  void aReadonlyConnectionSpecCannotWrite() throws Exception {
    String name = newName();
    driver.provision(request(name));

    try (Connection connection = open(name, CredentialScope.READONLY);
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate(insertPackage()))
          .isInstanceOfSatisfying(
              SQLiteException.class,
              e -> assertThat(e.getResultCode().name()).startsWith("SQLITE_READONLY"));
    }
  }

  @Test
  void aConnectionSpecNeverRecreatesADeprovisionedFile() {
    String name = newName();
    driver.provision(request(name));
    ConnectionSpec spec = spec(name, CredentialScope.READWRITE);
    driver.deprovision(ref(name));

    assertThatThrownBy(() -> DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties()))
        .isInstanceOf(SQLException.class);
    assertThat(driver.file(name)).doesNotExist();
  }

  @Test
  void closeDeletesTheTemplate() {
    driver.provision(request(newName()));
    assertThat(templates()).hasSize(1);

    driver.close();

    assertThat(templates()).isEmpty();
  }

  @Test
  void concurrentProvisionsLeaveOneFileAndNoTemporaryFiles() throws Exception {
    String name = newName();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ProvisionedDatabase>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return driver.provision(request(name));
                }));
      }
      start.countDown();
      for (Future<ProvisionedDatabase> future : futures) {
        assertThat(future.get(1, TimeUnit.MINUTES).baselineVersion()).isEqualTo(NEWEST_BASELINE);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(filesIn(driver.directory()))
        .filteredOn(file -> !file.startsWith(".template-"))
        .containsExactly(name + ".db");
  }

  @Test
  void copyingFromASourceWithoutBaselineIsRefusedAndPublishesNothing() throws IOException {
    String source = newName();
    String target = newName();
    Files.createDirectories(driver.directory());
    Files.createFile(driver.file(source));

    assertThatThrownBy(() -> driver.copy(ref(source), request(target), CopyMode.EVERYTHING))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining(target)
        .hasMessageContaining("no baseline");
    assertThat(driver.exists(ref(target))).isFalse();
  }

  @Test
  void aMissingBaselineLocationFailsPermanentlyAndLeavesNoDatabase() {
    String name = newName();
    ProvisionRequest request =
        new ProvisionRequest(name, null, new Baseline("classpath:db/nowhere"), Map.of());

    assertThatThrownBy(() -> driver.provision(request))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining(name);
    assertThat(driver.exists(ref(name))).isFalse();
  }

  @Test
  void healthIsDownWhenTheDirectoryCannotBeCreated() throws IOException {
    Path aFile = Files.writeString(dataDirectory.resolve("not-a-directory"), "x");
    SqliteDriver broken = new SqliteDriver(aFile.resolve("sqlite"), getClass().getClassLoader());

    Health health = broken.health(null);

    assertThat(health.isUp()).isFalse();
    assertThat(health.detail()).contains(aFile.toString());
  }

  @Test
  void aLockConflictIsTransient() {
    SQLiteException busy = new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
    SQLiteException corrupt = new SQLiteException("malformed", SQLiteErrorCode.SQLITE_CORRUPT);

    assertThat(SqliteErrors.failure("provision", "env_x", busy).isTransient()).isTrue();
    assertThat(SqliteErrors.failure("provision", "env_x", new RuntimeException(busy)).isTransient())
        .isTrue();
    assertThat(SqliteErrors.failure("provision", "env_x", corrupt).isTransient()).isFalse();
    assertThat(SqliteErrors.failure("provision", "env_x", corrupt).getMessage())
        .contains("env_x")
        .contains("malformed");
  }

  @Test
  void aDatabaseRestoredFromASnapshotHasItsRowsAndARepeatedRestoreReplacesIt() throws Exception {
    String source = newName();
    driver.provision(request(source));
    try (Connection connection = open(source, CredentialScope.READWRITE);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("CREATE TABLE t (v text)");
      statement.executeUpdate("INSERT INTO t VALUES ('kept')");
    }
    Path snapshot = dataDirectory.resolve("snapshot-" + UUID.randomUUID());
    driver.backup(ref(source), CopyMode.EVERYTHING, snapshot);
    String target = newName();

    driver.restore(snapshot, request(target));
    driver.restore(snapshot, request(target));

    try (Connection connection = open(target, CredentialScope.READONLY);
        Statement statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT v FROM t")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("kept");
      assertThat(rows.next()).isFalse();
    }
    assertThat(driver.baselineVersion(ref(target))).isPresent();
    assertThat(filesIn(driver.directory())).noneMatch(f -> f.endsWith(".tmp"));
  }

  private SqliteDriver create(Map<String, String> properties) {
    return (SqliteDriver)
        new SqliteDriverProvider().create(new DriverContext(dataDirectory, properties));
  }

  private Connection open(String name, CredentialScope scope) throws SQLException {
    ConnectionSpec spec = spec(name, scope);
    return DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
  }

  private ConnectionSpec spec(String name, CredentialScope scope) {
    IssuedCredential credential =
        driver.issueCredential(ref(name), new CredentialRequest("tester", scope, null));
    return driver.connectionSpec(ref(name), credential);
  }

  private List<String> templates() {
    return filesIn(driver.directory()).stream().filter(f -> f.startsWith(".template-")).toList();
  }

  private static List<String> filesIn(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String insertPackage() {
    return "INSERT INTO sys_package_installation (id, package_id, version, status) VALUES ('"
        + UUID.randomUUID()
        + "', 'p', '1', 'INSTALLED')";
  }

  private static ProvisionRequest request(String name) {
    return new ProvisionRequest(name, null, Baseline.DATA_PLANE, Map.of());
  }

  private static DatabaseRef ref(String name) {
    return DatabaseRef.local(name);
  }

  private static String newName() {
    return "env_" + UUID.randomUUID().toString().replace("-", "");
  }
}
