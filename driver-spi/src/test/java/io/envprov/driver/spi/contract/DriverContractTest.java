package io.envprov.driver.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.Capabilities;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseDriverProvider;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.DriverRegistry;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.UnsupportedCapabilityException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link DatabaseDriver} promises, checked against a real database.
 *
 * <p>A driver module extends this class and supplies only the driver (typically created once per
 * class in {@code @BeforeAll} and closed in {@code @AfterAll}), and, when the driver needs one, the
 * server to place databases on. Checks that depend on what the driver can do are switched by its
 * {@link Capabilities} flags, never by its name, so a new driver gets the same scrutiny as the old
 * ones. Every test uses fresh random database names and deprovisions them afterwards.
 */
public abstract class DriverContractTest {

  /**
   * The newest version of the data-plane baseline ({@code schemas/.../db/data-plane}): what every
   * provisioned database holds.
   */
  public static final String NEWEST_BASELINE = "2";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int THREADS = 8;

  /** Every database a test asked for, deprovisioned after the test whether it passed or not. */
  private final Set<DatabaseRef> touched = ConcurrentHashMap.newKeySet();

  /** The driver under test; it must stay open for the whole test class. */
  protected abstract DatabaseDriver driver();

  /** The server databases are placed on; null for drivers that keep local files. */
  protected @Nullable ServerTarget server() {
    return null;
  }

  /** The baseline every provisioned database receives; its first version must be {@code 1}. */
  protected Baseline baseline() {
    return Baseline.DATA_PLANE;
  }

  /** The settings the registered provider is asked to create a second driver with. */
  protected DriverContext context(Path dataDirectory) {
    return new DriverContext(dataDirectory, Map.of());
  }

  @AfterEach
  void deprovisionEveryDatabaseTheTestTouched() {
    for (DatabaseRef database : touched) {
      driver().deprovision(database);
    }
    touched.clear();
  }

  // --- registration and health ---

  @Test
  void theDriverIsRegisteredAndItsProviderCreatesADriverOfTheSameName(@TempDir Path dataDirectory) {
    DatabaseDriverProvider provider = DriverRegistry.load().provider(driver().name());

    assertThat(provider.name()).isEqualTo(driver().name());
    try (DatabaseDriver created = provider.create(context(dataDirectory))) {
      assertThat(created.name()).isEqualTo(driver().name());
      assertThat(created.capabilities()).isEqualTo(capabilities());
    }
  }

  @Test
  void theDriverReportsItselfHealthy() {
    Health health = driver().health(server());

    assertThat(health.status()).as(health.detail()).isEqualTo(Health.Status.UP);
  }

  // --- provisioning ---

  @Test
  void aDatabaseThatWasNeverProvisionedDoesNotExist() {
    DatabaseRef database = ref(newDatabaseName());

    assertThat(driver().exists(database)).isFalse();
    assertThat(driver().baselineVersion(database)).isEmpty();
  }

  @Test
  void provisioningCreatesTheDatabaseWithTheBaseline() throws SQLException {
    String name = newDatabaseName();

    ProvisionedDatabase provisioned = provision(name);

    assertThat(provisioned.databaseName()).isEqualTo(name);
    assertThat(provisioned.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(driver().exists(ref(name))).isTrue();
    assertThat(driver().baselineVersion(ref(name))).contains(NEWEST_BASELINE);
    for (CredentialScope scope : List.of(CredentialScope.ADMIN, CredentialScope.READWRITE)) {
      try (Connection connection = open(ref(name), scope)) {
        insertPackage(connection, "written-with-" + scope);
      }
    }
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection))
          .containsExactlyInAnyOrder("written-with-ADMIN", "written-with-READWRITE");
    }
  }

  @Test
  void provisioningTwiceLeavesOneDatabaseWithTheBaseline() throws SQLException {
    String name = newDatabaseName();
    ProvisionedDatabase first = provision(name);
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      insertPackage(connection, "before-the-retry");
    }

    ProvisionedDatabase second = provision(name);

    assertThat(second.databaseName()).isEqualTo(first.databaseName());
    assertThat(second.databaseUrl()).isEqualTo(first.databaseUrl());
    assertThat(second.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).containsExactly("before-the-retry");
    }
  }

  @Test
  void eightConcurrentProvisionsOfOneNameAllSucceedAndLeaveOneWorkingDatabase() throws Exception {
    String name = newDatabaseName();

    List<ProvisionedDatabase> results = provisionConcurrently(name);

    assertThat(results).hasSize(THREADS);
    assertThat(results).extracting(ProvisionedDatabase::databaseName).containsOnly(name);
    assertThat(results)
        .extracting(ProvisionedDatabase::databaseUrl)
        .containsOnly(results.get(0).databaseUrl());
    assertThat(results)
        .extracting(ProvisionedDatabase::baselineVersion)
        .containsOnly(NEWEST_BASELINE);
    assertThat(driver().baselineVersion(ref(name))).contains(NEWEST_BASELINE);
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).isEmpty();
      insertPackage(connection, "after-the-race");
      assertThat(packageIds(connection)).containsExactly("after-the-race");
    }
    driver().deprovision(ref(name));
    assertThat(driver().exists(ref(name))).isFalse();
  }

  @Test
  void concurrentProvisionsOfAnExistingDatabaseKeepItsData() throws Exception {
    String name = newDatabaseName();
    provision(name);
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      insertPackage(connection, "before-the-race");
    }

    provisionConcurrently(name);

    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).containsExactly("before-the-race");
    }
  }

  // --- deprovisioning ---

  @Test
  void deprovisioningRemovesTheDatabase() {
    String name = newDatabaseName();
    provision(name);

    driver().deprovision(ref(name));

    assertThat(driver().exists(ref(name))).isFalse();
    assertThat(driver().baselineVersion(ref(name))).isEmpty();
  }

  @Test
  void deprovisioningAMissingDatabaseIsNotAnError() {
    DatabaseRef database = ref(newDatabaseName());

    assertThatCode(() -> driver().deprovision(database)).doesNotThrowAnyException();
    assertThatCode(() -> driver().deprovision(database)).doesNotThrowAnyException();
  }

  @Test
  void aDeprovisionedNameCanBeProvisionedAgainFromScratch() throws SQLException {
    String name = newDatabaseName();
    provision(name);
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      insertPackage(connection, "first-life");
    }
    driver().deprovision(ref(name));

    provision(name);

    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).isEmpty();
    }
  }

  // --- copying ---

  @Test
  void copyingEverythingCarriesSchemaAndDataAndLeavesTheSourceUsableAndUnchanged()
      throws SQLException {
    assumeTrue(capabilities().copy(), "the driver cannot copy");
    String source = newDatabaseName();
    fillSource(source);
    String target = newDatabaseName();

    ProvisionedDatabase copy = copy(source, target, CopyMode.EVERYTHING);

    assertThat(copy.databaseName()).isEqualTo(target);
    assertThat(copy.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(driver().exists(ref(target))).isTrue();
    assertThat(driver().baselineVersion(ref(target))).contains(NEWEST_BASELINE);
    try (Connection connection = open(ref(target), CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
      insertPackage(connection, "only-in-the-copy");
    }
    try (Connection connection = open(ref(source), CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
      insertPackage(connection, "only-in-the-source");
    }
    assertThat(driver().baselineVersion(ref(source))).contains(NEWEST_BASELINE);
  }

  @Test
  void copyingTheSchemaOnlyCarriesTablesAndTheBaselineButNoRows() throws SQLException {
    assumeTrue(capabilities().schemaOnlyCopy(), "the driver cannot copy the schema only");
    String source = newDatabaseName();
    fillSource(source);
    String target = newDatabaseName();

    ProvisionedDatabase copy = copy(source, target, CopyMode.SCHEMA_ONLY);

    assertThat(copy.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(driver().baselineVersion(ref(target))).contains(NEWEST_BASELINE);
    try (Connection connection = open(ref(target), CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).isEmpty();
      assertThat(notes(connection)).isEmpty();
      insertPackage(connection, "first-in-the-copy");
      insertNote(connection, "first note in the copy");
      assertThat(notes(connection)).containsExactly("first note in the copy");
    }
    try (Connection connection = open(ref(source), CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
    }
  }

  @Test
  void copyingTwiceLeavesOneCopyWithItsData() throws SQLException {
    assumeTrue(capabilities().copy(), "the driver cannot copy");
    String source = newDatabaseName();
    fillSource(source);
    String target = newDatabaseName();
    ProvisionedDatabase first = copy(source, target, CopyMode.EVERYTHING);
    try (Connection connection = open(ref(target), CredentialScope.READWRITE)) {
      insertPackage(connection, "written-between-the-copies");
    }

    ProvisionedDatabase second = copy(source, target, CopyMode.EVERYTHING);

    assertThat(second.databaseName()).isEqualTo(first.databaseName());
    assertThat(second.databaseUrl()).isEqualTo(first.databaseUrl());
    try (Connection connection = open(ref(target), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection))
          .containsExactlyInAnyOrder("in-the-source", "written-between-the-copies");
    }
  }

  @Test
  void copyingAMissingSourceThrowsADriverExceptionAndCreatesNothing() {
    assumeTrue(capabilities().copy(), "the driver cannot copy");
    DatabaseRef missing = ref(newDatabaseName());
    String target = newDatabaseName();
    touched.add(ref(target));

    assertThatThrownBy(() -> driver().copy(missing, request(target), CopyMode.EVERYTHING))
        .isInstanceOf(DriverException.class);
    assertThat(driver().exists(ref(target))).isFalse();
  }

  @Test
  void copyingIsRefusedWhenTheDriverCannotCopy() {
    assumeFalse(capabilities().copy(), "the driver can copy");
    String source = newDatabaseName();
    provision(source);
    String target = newDatabaseName();
    touched.add(ref(target));

    assertThatThrownBy(() -> driver().copy(ref(source), request(target), CopyMode.EVERYTHING))
        .isInstanceOf(UnsupportedCapabilityException.class);
  }

  @Test
  void copyingTheSchemaOnlyIsRefusedWhenTheDriverCannotDoIt() {
    assumeTrue(capabilities().copy(), "the driver cannot copy at all");
    assumeFalse(capabilities().schemaOnlyCopy(), "the driver can copy the schema only");
    String source = newDatabaseName();
    provision(source);
    String target = newDatabaseName();
    touched.add(ref(target));

    assertThatThrownBy(() -> driver().copy(ref(source), request(target), CopyMode.SCHEMA_ONLY))
        .isInstanceOf(UnsupportedCapabilityException.class);
  }

  // --- credentials ---

  @Test
  void aReadonlyCredentialCanReadButCannotWrite() throws SQLException {
    assumeTrue(capabilities().readonlyScope(), "the driver has no read-only scope");
    String name = newDatabaseName();
    provision(name);
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      insertPackage(connection, "written-by-a-writer");
    }

    try (Connection connection = open(ref(name), CredentialScope.READONLY)) {
      assertThat(packageIds(connection)).containsExactly("written-by-a-writer");
      assertThatThrownBy(() -> insertPackage(connection, "written-by-a-reader"))
          .isInstanceOf(SQLException.class);
    }
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).containsExactly("written-by-a-writer");
    }
  }

  @Test
  void aRevokedCredentialCannotConnectWhileItsSiblingStillCan() throws SQLException {
    assumeTrue(capabilities().perCredentialRevocation(), "the driver cannot revoke one credential");
    String name = newDatabaseName();
    provision(name);
    IssuedCredential revoked = issue(ref(name), CredentialScope.READWRITE);
    IssuedCredential sibling = issue(ref(name), CredentialScope.READWRITE);
    ConnectionSpec revokedSpec = driver().connectionSpec(ref(name), revoked);

    driver().revokeCredential(ref(name), revoked.username());

    assertThatThrownBy(() -> connect(revokedSpec).close()).isInstanceOf(SQLException.class);
    try (Connection connection = connect(driver().connectionSpec(ref(name), sibling))) {
      insertPackage(connection, "written-by-the-sibling");
    }
  }

  @Test
  void revokingAnUnknownCredentialIsNotAnError() {
    String name = newDatabaseName();
    provision(name);

    assertThatCode(() -> driver().revokeCredential(ref(name), "never_issued"))
        .doesNotThrowAnyException();
  }

  @Test
  void reissuingACredentialGivesAWorkingOne() throws SQLException {
    String name = newDatabaseName();
    provision(name);
    CredentialRequest request =
        new CredentialRequest(newUsername(), CredentialScope.READWRITE, null);
    driver().issueCredential(ref(name), request);

    IssuedCredential reissued = driver().issueCredential(ref(name), request);

    assertThat(reissued.username()).isEqualTo(request.username());
    try (Connection connection = connect(driver().connectionSpec(ref(name), reissued))) {
      insertPackage(connection, "written-with-the-reissued-credential");
    }
  }

  @Test
  void reissuingACredentialInvalidatesItsOldSecret() {
    assumeTrue(capabilities().serverSideAuthentication(), "the database checks no secret");
    String name = newDatabaseName();
    provision(name);
    CredentialRequest request =
        new CredentialRequest(newUsername(), CredentialScope.READWRITE, null);
    IssuedCredential old = driver().issueCredential(ref(name), request);

    IssuedCredential reissued = driver().issueCredential(ref(name), request);

    assertThat(reissued.secret()).isNotEqualTo(old.secret());
    ConnectionSpec oldSpec = driver().connectionSpec(ref(name), old);
    assertThatThrownBy(() -> connect(oldSpec).close()).isInstanceOf(SQLException.class);
  }

  @Test
  void issuingACredentialForAMissingDatabaseThrowsADriverException() {
    DatabaseRef missing = ref(newDatabaseName());
    CredentialRequest request = new CredentialRequest(newUsername(), CredentialScope.ADMIN, null);

    assertThatThrownBy(() -> driver().issueCredential(missing, request))
        .isInstanceOf(DriverException.class);
  }

  @Test
  void secretsNeverAppearInToStringOrInTheUrl() {
    String name = newDatabaseName();
    provision(name);

    for (CredentialScope scope : CredentialScope.values()) {
      IssuedCredential credential = issue(ref(name), scope);
      ConnectionSpec spec = driver().connectionSpec(ref(name), credential);

      assertThat(credential.secret()).isNotBlank();
      assertThat(credential.scope()).isEqualTo(scope);
      assertThat(credential.toString()).doesNotContain(credential.secret());
      assertThat(spec.toString()).doesNotContain(credential.secret());
      assertThat(spec.jdbcUrl()).doesNotContain(credential.secret());
    }
  }

  // --- backups ---

  @Test
  void aBackupRestoredAsANewDatabaseHoldsTheSameRowsOfEveryType(@TempDir Path directory)
      throws SQLException {
    assumeBackups();
    String source = newDatabaseName();
    provision(source);
    try (Connection connection = open(ref(source), CredentialScope.ADMIN)) {
      createOddTable(connection);
      insertOddRows(connection);
      insertPackage(connection, "in-the-backup");
    }
    Path snapshot = directory.resolve("snapshot");

    driver().backup(ref(source), CopyMode.EVERYTHING, snapshot);
    String target = newDatabaseName();
    ProvisionedDatabase restored = restore(snapshot, target);

    assertThat(restored.databaseName()).isEqualTo(target);
    assertThat(restored.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(driver().exists(ref(target))).isTrue();
    assertThat(driver().baselineVersion(ref(target))).contains(NEWEST_BASELINE);
    try (Connection connection = open(ref(target), CredentialScope.READWRITE)) {
      assertThat(oddRows(connection)).containsExactlyElementsOf(ODD_ROWS);
      assertThat(packageIds(connection)).containsExactly("in-the-backup");
      insertPackage(connection, "written-after-the-restore");
    }
    try (Connection connection = open(ref(source), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).containsExactly("in-the-backup");
    }
  }

  @Test
  void aSchemaOnlyBackupRestoresTheTablesAndTheBaselineButNoRows(@TempDir Path directory)
      throws SQLException {
    assumeBackups();
    String source = newDatabaseName();
    fillSource(source);
    try (Connection connection = open(ref(source), CredentialScope.ADMIN)) {
      createOddTable(connection);
      insertOddRows(connection);
    }
    Path snapshot = directory.resolve("snapshot");

    driver().backup(ref(source), CopyMode.SCHEMA_ONLY, snapshot);
    String target = newDatabaseName();
    ProvisionedDatabase restored = restore(snapshot, target);

    assertThat(restored.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(driver().baselineVersion(ref(target))).contains(NEWEST_BASELINE);
    try (Connection connection = open(ref(target), CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).isEmpty();
      assertThat(notes(connection)).isEmpty();
      assertThat(oddRows(connection)).isEmpty();
      insertOddRows(connection);
      assertThat(oddRows(connection)).containsExactlyElementsOf(ODD_ROWS);
      insertNote(connection, "first note after the restore");
      assertThat(notes(connection)).containsExactly("first note after the restore");
    }
  }

  @Test
  void restoringTwiceReplacesWhatTheFirstAttemptLeft(@TempDir Path directory) throws SQLException {
    assumeBackups();
    String source = newDatabaseName();
    fillSource(source);
    Path snapshot = directory.resolve("snapshot");
    driver().backup(ref(source), CopyMode.EVERYTHING, snapshot);
    String target = newDatabaseName();
    restore(snapshot, target);
    try (Connection connection = open(ref(target), CredentialScope.ADMIN)) {
      insertPackage(connection, "left-by-the-first-attempt");
      insertNote(connection, "left by the first attempt");
    }

    ProvisionedDatabase again = restore(snapshot, target);

    assertThat(again.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    try (Connection connection = open(ref(target), CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
    }
  }

  @Test
  void restoringInPlaceReplacesTheContentsAndACredentialIssuedBeforeStillWorks(
      @TempDir Path directory) throws SQLException {
    assumeBackups();
    String name = newDatabaseName();
    fillSource(name);
    Path snapshot = directory.resolve("snapshot");
    driver().backup(ref(name), CopyMode.EVERYTHING, snapshot);
    IssuedCredential issuedBefore = issue(ref(name), CredentialScope.READWRITE);
    try (Connection connection = open(ref(name), CredentialScope.ADMIN);
        Statement statement = connection.createStatement()) {
      insertPackage(connection, "written-after-the-backup");
      insertNote(connection, "a note written after the backup");
      statement.execute("CREATE TABLE created_after_the_backup(id integer primary key)");
    }

    driver().restoreInPlace(ref(name), snapshot);

    assertThat(driver().baselineVersion(ref(name))).contains(NEWEST_BASELINE);
    try (Connection connection = connect(driver().connectionSpec(ref(name), issuedBefore))) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
      assertThatThrownBy(() -> strings(connection, "SELECT id FROM created_after_the_backup"))
          .isInstanceOf(SQLException.class);
      insertPackage(connection, "written-after-the-restore");
      assertThat(packageIds(connection))
          .containsExactlyInAnyOrder("in-the-source", "written-after-the-restore");
    }
  }

  @Test
  void aFailedInPlaceRestoreLeavesTheOldContents(@TempDir Path directory) throws Exception {
    assumeBackups();
    String name = newDatabaseName();
    fillSource(name);
    Path notASnapshot = directory.resolve("not-a-snapshot");
    java.nio.file.Files.writeString(notASnapshot, "this is not a database ".repeat(500));

    assertThatThrownBy(() -> driver().restoreInPlace(ref(name), notASnapshot))
        .isInstanceOf(DriverException.class);

    assertThat(driver().baselineVersion(ref(name))).contains(NEWEST_BASELINE);
    try (Connection connection = open(ref(name), CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
    }
  }

  @Test
  void aBackupIsOnePointInTimeWhileAWriterCommitsPairsOfRows(@TempDir Path directory)
      throws Exception {
    assumeBackups();
    String name = newDatabaseName();
    provision(name);
    try (Connection connection = open(ref(name), CredentialScope.ADMIN);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE pair_left(id integer primary key, filler varchar(200))");
      statement.execute("CREATE TABLE pair_right(id integer primary key, filler varchar(200))");
    }
    ConnectionSpec writerSpec =
        driver().connectionSpec(ref(name), issue(ref(name), CredentialScope.READWRITE));
    PairWriter writer = new PairWriter(writerSpec);
    Path snapshot = directory.resolve("snapshot");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> written = pool.submit(writer);
      writer.awaitPairs(50); // rows in both tables before the backup starts

      driver().backup(ref(name), CopyMode.EVERYTHING, snapshot);

      writer.awaitPairs(writer.committed() + 1);
      writer.stop();
      assertThat(written.get(2, TimeUnit.MINUTES)).isGreaterThan(50);
    } finally {
      writer.stop();
      pool.shutdownNow();
    }
    String target = newDatabaseName();
    restore(snapshot, target);
    try (Connection connection = open(ref(target), CredentialScope.READWRITE)) {
      List<String> left = strings(connection, "SELECT id FROM pair_left ORDER BY id");
      List<String> right = strings(connection, "SELECT id FROM pair_right ORDER BY id");
      assertThat(left).hasSizeGreaterThanOrEqualTo(50);
      assertThat(right).isEqualTo(left);
    }
  }

  @Test
  void theSizeOfADatabaseGrowsWhenRowsAreInserted() throws SQLException {
    assumeBackups();
    String name = newDatabaseName();
    provision(name);
    long empty = driver().sizeBytes(ref(name));

    try (Connection connection = open(ref(name), CredentialScope.ADMIN);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE ballast(id integer primary key, filler varchar(8000))");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO ballast(id, filler) VALUES (?, ?)")) {
        for (int i = 0; i < 128; i++) {
          insert.setInt(1, i);
          insert.setString(2, randomHex(2000)); // 4000 characters each: 512 KB in all
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }

    assertThat(empty).isPositive();
    assertThat(driver().sizeBytes(ref(name))).isGreaterThan(empty + 64 * 1024);
  }

  @Test
  void backingUpAMissingDatabaseThrowsADriverException(@TempDir Path directory) {
    assumeBackups();
    DatabaseRef missing = ref(newDatabaseName());

    assertThatThrownBy(
            () -> driver().backup(missing, CopyMode.EVERYTHING, directory.resolve("snapshot")))
        .isInstanceOf(DriverException.class);
    assertThatThrownBy(() -> driver().sizeBytes(missing)).isInstanceOf(DriverException.class);
  }

  @Test
  void restoringFromAFileThatIsNoSnapshotThrowsADriverException(@TempDir Path directory)
      throws Exception {
    assumeBackups();
    Path notASnapshot = directory.resolve("not-a-snapshot");
    java.nio.file.Files.writeString(notASnapshot, "this is not a database ".repeat(500));
    String target = newDatabaseName();
    touched.add(ref(target));

    assertThatThrownBy(() -> driver().restore(notASnapshot, request(target)))
        .isInstanceOf(DriverException.class);
  }

  @Test
  void backupsAreRefusedWhenTheDriverCannotTakeThem(@TempDir Path directory) {
    assumeFalse(driver().capabilities(server()).backup(), "the driver takes backups");
    String name = newDatabaseName();
    provision(name);

    assertThatThrownBy(
            () -> driver().backup(ref(name), CopyMode.EVERYTHING, directory.resolve("snapshot")))
        .isInstanceOf(UnsupportedCapabilityException.class);
  }

  // --- helpers ---

  /** The capabilities of the driver under test. */
  protected final Capabilities capabilities() {
    return driver().capabilities();
  }

  /** A fresh database name: {@code env_} and 32 random hex digits. */
  protected static String newDatabaseName() {
    return "env_" + randomHex(16);
  }

  /** The database of that name on {@link #server()}. */
  protected final DatabaseRef ref(String name) {
    return new DatabaseRef(name, server());
  }

  /** A request for that name with {@link #baseline()}. */
  protected final ProvisionRequest request(String name) {
    return new ProvisionRequest(name, server(), baseline(), Map.of());
  }

  /** Provisions the name and remembers it for deprovisioning after the test. */
  protected final ProvisionedDatabase provision(String name) {
    touched.add(ref(name));
    return driver().provision(request(name));
  }

  /** Issues a credential of that scope and opens a connection with it. */
  protected final Connection open(DatabaseRef database, CredentialScope scope) throws SQLException {
    return connect(driver().connectionSpec(database, issue(database, scope)));
  }

  private void assumeBackups() {
    assumeTrue(driver().capabilities(server()).backup(), "the driver takes no backups here");
  }

  private ProvisionedDatabase restore(Path snapshot, String target) {
    touched.add(ref(target));
    return driver().restore(snapshot, request(target));
  }

  /**
   * A table whose name and columns need quoting, with a value of each kind every driver stores:
   * integers up to 64 bits, reals, text with quotes, line breaks and characters beyond the BMP,
   * NULLs.
   */
  private static void createOddTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE \"odd \"\"table\"\" name\" (id integer primary key,"
              + " \"select\" varchar(200), \"the amount\" double precision, big bigint)");
    }
  }

  /** The rows of {@link #createOddTable}, as {@link #oddRows} reads them. */
  private static final List<List<String>> ODD_ROWS =
      List.of(
          List.of("1", "plain", "0.1", "9223372036854775807"),
          List.of(
              "2",
              "it's \"quoted\"\nover two lines \uD83D\uDE00",
              "-1.5E300",
              "-9223372036854775808"),
          List.of("3", "null", "null", "null"),
          List.of("4", "", "0.0", "0"));

  private static void insertOddRows(Connection connection) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO \"odd \"\"table\"\" name\" (id, \"select\", \"the amount\", big)"
                + " VALUES (?, ?, ?, ?)")) {
      for (List<String> row : ODD_ROWS) {
        insert.setInt(1, Integer.parseInt(row.get(0)));
        if (row.get(1).equals("null")) {
          insert.setNull(2, java.sql.Types.VARCHAR);
          insert.setNull(3, java.sql.Types.DOUBLE);
          insert.setNull(4, java.sql.Types.BIGINT);
        } else {
          insert.setString(2, row.get(1));
          insert.setDouble(3, Double.parseDouble(row.get(2)));
          insert.setLong(4, Long.parseLong(row.get(3)));
        }
        insert.executeUpdate();
      }
    }
  }

  /** The rows of the odd table, each value read with its own getter, NULLs as "null". */
  private static List<List<String>> oddRows(Connection connection) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT id, \"select\", \"the amount\", big FROM \"odd \"\"table\"\" name\""
                    + " ORDER BY id")) {
      while (result.next()) {
        String id = Integer.toString(result.getInt(1));
        String text = result.getString(2);
        double amount = result.getDouble(3);
        String real = result.wasNull() ? "null" : Double.toString(amount);
        long big = result.getLong(4);
        String integer = result.wasNull() ? "null" : Long.toString(big);
        rows.add(List.of(id, text == null ? "null" : text, real, integer));
      }
    }
    return rows;
  }

  /**
   * Commits pairs of rows, one in {@code pair_left} and one in {@code pair_right} with the same id,
   * in one transaction each, until stopped; returns how many it committed.
   */
  private static final class PairWriter implements java.util.concurrent.Callable<Integer> {
    private final ConnectionSpec spec;
    private final java.util.concurrent.atomic.AtomicInteger committed =
        new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopped;

    PairWriter(ConnectionSpec spec) {
      this.spec = spec;
    }

    @Override
    public Integer call() throws SQLException {
      try (Connection connection = connect(spec);
          PreparedStatement left =
              connection.prepareStatement("INSERT INTO pair_left(id, filler) VALUES (?, ?)");
          PreparedStatement right =
              connection.prepareStatement("INSERT INTO pair_right(id, filler) VALUES (?, ?)")) {
        connection.setAutoCommit(false);
        String filler = "x".repeat(150);
        for (int id = 1; !stopped; id++) {
          for (PreparedStatement insert : List.of(left, right)) {
            insert.setInt(1, id);
            insert.setString(2, filler);
            insert.executeUpdate();
          }
          connection.commit();
          synchronized (this) {
            committed.set(id);
            notifyAll();
          }
        }
      } finally {
        stopped = true;
        synchronized (this) {
          notifyAll();
        }
      }
      return committed.get();
    }

    int committed() {
      return committed.get();
    }

    /** Waits until the writer committed that many pairs (or stopped). */
    synchronized void awaitPairs(int pairs) throws InterruptedException {
      while (committed.get() < pairs && !stopped) {
        wait();
      }
    }

    void stop() {
      stopped = true;
    }
  }

  private ProvisionedDatabase copy(String source, String target, CopyMode mode) {
    touched.add(ref(target));
    return driver().copy(ref(source), request(target), mode);
  }

  private List<ProvisionedDatabase> provisionConcurrently(String name) throws Exception {
    touched.add(ref(name));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ProvisionedDatabase>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return driver().provision(request(name));
                }));
      }
      start.countDown();
      List<ProvisionedDatabase> results = new ArrayList<>();
      for (Future<ProvisionedDatabase> future : futures) {
        results.add(future.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private void fillSource(String name) throws SQLException {
    provision(name);
    try (Connection connection = open(ref(name), CredentialScope.ADMIN);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE note(id integer primary key, text varchar(200))");
      insertPackage(connection, "in-the-source");
      insertNote(connection, "a note in the source");
    }
  }

  private IssuedCredential issue(DatabaseRef database, CredentialScope scope) {
    return driver().issueCredential(database, new CredentialRequest(newUsername(), scope, null));
  }

  private static Connection connect(ConnectionSpec spec) throws SQLException {
    return DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
  }

  private static void insertPackage(Connection connection, String packageId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sys_package_installation (id, package_id, version, status)"
                + " VALUES (?, ?, ?, ?)")) {
      insert.setObject(1, UUID.randomUUID());
      insert.setString(2, packageId);
      insert.setString(3, "1.0.0");
      insert.setString(4, "INSTALLED");
      insert.executeUpdate();
    }
  }

  private static List<String> packageIds(Connection connection) throws SQLException {
    return strings(connection, "SELECT package_id FROM sys_package_installation");
  }

  private static void insertNote(Connection connection, String text) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            // An explicit id: only SQLite fills in an integer primary key by itself.
            "INSERT INTO note(id, text) SELECT coalesce(max(id), 0) + 1, ? FROM note")) {
      insert.setString(1, text);
      insert.executeUpdate();
    }
  }

  private static List<String> notes(Connection connection) throws SQLException {
    return strings(connection, "SELECT text FROM note ORDER BY id");
  }

  private static List<String> strings(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static String newUsername() {
    return "cred_" + randomHex(8);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
