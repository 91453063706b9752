package io.envprov.provisioner.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.envprov.provisioner.packages.TestDatabases.Env;
import io.envprov.provisioner.packages.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SQLite cannot run {@code PRAGMA foreign_keys} in a transaction: a package that needs it runs
 * without one, and a failure there leaves a failed row in the history, which is drift.
 */
class SqliteInstallTest {

  private static final Migration CREATE_A =
      new Migration("1", "create a", "CREATE TABLE a (id integer);", Map.of());
  private static final Migration REBUILD_BROKEN =
      new Migration(
          "2",
          "rebuild",
          "PRAGMA foreign_keys = OFF;\nCREATE TABLE b (id integer);\n"
              + "INSERT INTO no_such_table VALUES (1);\n",
          Map.of());
  private static final Migration REBUILD_FIXED =
      new Migration(
          "2",
          "rebuild",
          "PRAGMA foreign_keys = OFF;\nCREATE TABLE IF NOT EXISTS b (id integer);\n",
          Map.of());

  private final PackageMigrator migrator = new PackageMigrator(getClass().getClassLoader());

  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"SQLITE", "LIBSQL"})
  void aFailureOutsideATransactionLeavesAFailedRowThatIsDriftUntilForced(Kind kind)
      throws Exception {
    Env env = TestDatabases.create(kind, directory);
    PackageVersion broken =
        new PackageVersion("rebuild", "1.0.0", List.of(CREATE_A, REBUILD_BROKEN));
    PackageVersion fixed = new PackageVersion("rebuild", "1.0.1", List.of(CREATE_A, REBUILD_FIXED));
    List<PackageVersion> catalog = List.of(broken, fixed);

    PackageException failure =
        catchThrowableOfType(
            PackageException.class,
            () -> migrator.install(env.admin(), Dialect.SQLITE, broken, catalog, "a", false));

    assertThat(failure.reason()).isEqualTo(PackageException.Reason.MIGRATION_FAILED);
    assertThat(env.strings("SELECT version || ' ' || success FROM sys_migrations_rebuild"))
        .containsExactly("1 1", "2 0");
    InstalledPackage installed =
        migrator.installed(env.admin(), Dialect.SQLITE).stream()
            .filter(each -> each.name().equals("rebuild"))
            .findFirst()
            .orElseThrow();
    assertThat(installed.status()).isEqualTo("failed");
    assertThat(migrator.drift(installed, catalog, Dialect.SQLITE).differences())
        .singleElement()
        .asString()
        .startsWith("migration 2 failed");

    PackageException drift =
        catchThrowableOfType(
            PackageException.class,
            () -> migrator.install(env.admin(), Dialect.SQLITE, fixed, catalog, "a", false));
    assertThat(drift.reason()).isEqualTo(PackageException.Reason.DRIFT);

    InstallResult forced = migrator.install(env.admin(), Dialect.SQLITE, fixed, catalog, "a", true);

    assertThat(forced.applied()).containsExactly("2");
    assertThat(env.strings("SELECT version || ' ' || success FROM sys_migrations_rebuild"))
        .containsExactly("1 1", "2 1");
  }
}
