package io.envprov.provisioner.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * The runner against real databases: PostgreSQL (a login acting as the database's admin group),
 * SQLite files and the libSQL test server, each provisioned with the data-plane baseline; on
 * PostgreSQL and SQLite with {@link PreparedUpgrade} and with Flyway alone.
 */
class PackageMigratorTest {

  private static final String ACTOR = "user-42";

  private PackageMigrator migrator;

  @TempDir Path directory;

  private Env env(Kind kind) throws Exception {
    return env(kind, null);
  }

  private Env env(Kind kind, String baseline) throws Exception {
    migrator = kind.migrator();
    return TestDatabases.create(kind, directory, baseline);
  }

  private InstallResult install(Env env, PackageVersion target) {
    return install(env, target, Crm.CATALOG, false);
  }

  private InstallResult install(
      Env env, PackageVersion target, List<PackageVersion> catalog, boolean ignoreDrift) {
    return migrator.install(env.admin(), env.dialect(), target, catalog, ACTOR, ignoreDrift);
  }

  private InstalledPackage installed(Env env, String name) {
    return migrator.installed(env.admin(), env.dialect()).stream()
        .filter(each -> each.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void installsAPackageIntoAFreshDatabaseAndRecordsIt(Kind kind) throws Exception {
    Env env = env(kind);

    InstallResult result = install(env, Crm.V1_0_0);

    assertThat(result).isEqualTo(new InstallResult("crm", null, "1.0.0", List.of("1", "2")));
    assertThat(env.hasTable("contacts")).isTrue();
    assertThat(env.strings("SELECT version FROM sys_migrations_crm ORDER BY installed_rank"))
        .containsExactly("1", "2");
    // Flyway's checksums are the ones drift compares with.
    assertThat(env.strings("SELECT checksum FROM sys_migrations_crm ORDER BY installed_rank"))
        .containsExactly(
            String.valueOf(Crm.CREATE_CONTACTS.checksum(env.dialect())),
            String.valueOf(Crm.INDEX_NAMES.checksum(env.dialect())));
    assertThat(env.strings("SELECT description FROM sys_migrations_crm ORDER BY installed_rank"))
        .containsExactly("create contacts", "index contacts by name");
    assertThat(
            env.strings(
                "SELECT package_id || ' ' || version || ' ' || status || ' ' || installed_by"
                    + " || ' ' || checksum FROM sys_package_installation"))
        .containsExactly("crm 1.0.0 installed user-42 " + Crm.V1_0_0.checksum());
    assertThat(env.strings("SELECT metadata FROM sys_package_installation").get(0))
        .contains("\"applied\":[\"1\",\"2\"]", "\"error\":null");
    InstalledPackage crm = installed(env, "crm");
    assertThat(crm.version()).isEqualTo("1.0.0");
    assertThat(crm.status()).isEqualTo("installed");
    assertThat(crm.installedBy()).isEqualTo(ACTOR);
    assertThat(crm.installedAt()).isNotNull();
    assertThat(crm.checksum()).isEqualTo(Crm.V1_0_0.checksum());
    assertThat(crm.error()).isNull();
    assertThat(crm.migrations())
        .extracting(InstalledPackage.AppliedMigration::version)
        .containsExactly("1", "2");
    assertThat(migrator.drift(crm, Crm.CATALOG, env.dialect()).detected()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void anUpgradeAppliesOnlyTheMigrationsTheDatabaseLacks(Kind kind) throws Exception {
    Env env = env(kind);
    install(env, Crm.V1_0_0);

    InstallResult result = install(env, Crm.V1_1_0);

    assertThat(result).isEqualTo(new InstallResult("crm", "1.0.0", "1.1.0", List.of("3")));
    assertThat(env.strings("SELECT version FROM sys_migrations_crm ORDER BY installed_rank"))
        .containsExactly("1", "2", "3");
    assertThat(env.strings("SELECT version || ' ' || status FROM sys_package_installation"))
        .containsExactly("1.1.0 installed");
    assertThat(installed(env, "crm").checksum()).isEqualTo(Crm.V1_1_0.checksum());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void installingTwiceRunsNothingTwice(Kind kind) throws Exception {
    Env env = env(kind);
    install(env, Crm.V1_1_0);

    // CREATE TABLE contacts would fail if it ran again.
    InstallResult again = install(env, Crm.V1_1_0);

    assertThat(again).isEqualTo(new InstallResult("crm", "1.1.0", "1.1.0", List.of()));
    assertThat(env.strings("SELECT count(*) FROM sys_migrations_crm")).containsExactly("3");
    assertThat(env.strings("SELECT count(*) FROM sys_package_installation")).containsExactly("1");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void aFailingMigrationLeavesTheDatabaseAtItsPreviousVersionAndRecordsTheFailure(Kind kind)
      throws Exception {
    Env env = env(kind);
    install(env, Crm.V1_1_0);

    PackageException failure =
        catchThrowableOfType(PackageException.class, () -> install(env, Crm.V1_2_0));

    assertThat(failure.reason()).isEqualTo(PackageException.Reason.MIGRATION_FAILED);
    assertThat(failure.getMessage())
        .startsWith("crm 1.2.0: migration 5 (broken) failed: ")
        .containsIgnoringCase("no_such_table");
    // Migration 4 ran in the same transaction as 5: nothing of it remains.
    assertThat(env.hasTable("deals")).isFalse();
    assertThat(env.strings("SELECT version FROM sys_migrations_crm ORDER BY installed_rank"))
        .containsExactly("1", "2", "3");
    InstalledPackage crm = installed(env, "crm");
    assertThat(crm.version()).isEqualTo("1.1.0");
    assertThat(crm.status()).isEqualTo("failed");
    assertThat(crm.error()).isEqualTo(failure.getMessage());
    assertThat(crm.checksum()).isEqualTo(Crm.V1_1_0.checksum());

    // A fixed version resumes where the database stands.
    PackageVersion fixed =
        Crm.version("1.2.1", Crm.CREATE_CONTACTS, Crm.INDEX_NAMES, Crm.ADD_PHONE, Crm.CREATE_DEALS);
    InstallResult retried = install(env, fixed, Crm.catalogWith(fixed), false);
    assertThat(retried.fromVersion()).isEqualTo("1.1.0");
    assertThat(retried.applied()).containsExactly("4");
    assertThat(installed(env, "crm").status()).isEqualTo("installed");
    assertThat(installed(env, "crm").error()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void aFailedFirstInstallIsRecordedUnderTheVersionThatFailed(Kind kind) throws Exception {
    Env env = env(kind);

    assertThatThrownBy(() -> install(env, Crm.V1_2_0))
        .isInstanceOf(PackageException.class)
        .hasMessageContaining("migration 5 (broken) failed");

    assertThat(env.hasTable("contacts")).isFalse();
    InstalledPackage crm = installed(env, "crm");
    assertThat(crm.version()).isEqualTo("1.2.0");
    assertThat(crm.status()).isEqualTo("failed");
    assertThat(crm.migrations()).isEmpty();
    assertThat(install(env, Crm.V1_0_0).fromVersion()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void aHistoryAlteredByHandIsDriftThatStopsAnInstallUnlessIgnored(Kind kind) throws Exception {
    Env env = env(kind);
    install(env, Crm.V1_0_0);
    env.execute("UPDATE sys_migrations_crm SET checksum = 42 WHERE version = '1'");

    PackageException drift =
        catchThrowableOfType(PackageException.class, () -> install(env, Crm.V1_1_0));

    assertThat(drift.reason()).isEqualTo(PackageException.Reason.DRIFT);
    assertThat(drift.getMessage())
        .contains(
            "migration 1: checksum 42 in the database, "
                + Crm.CREATE_CONTACTS.checksum(env.dialect())
                + " in the catalog");
    assertThat(env.strings("SELECT count(*) FROM sys_migrations_crm")).containsExactly("2");
    assertThat(migrator.drift(installed(env, "crm"), Crm.CATALOG, env.dialect()).differences())
        .containsExactly(
            "migration 1: checksum 42 in the database, "
                + Crm.CREATE_CONTACTS.checksum(env.dialect())
                + " in the catalog");

    InstallResult forced = install(env, Crm.V1_1_0, Crm.CATALOG, true);

    assertThat(forced.applied()).containsExactly("3");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void aMigrationTheCatalogDoesNotHaveIsDrift(Kind kind) throws Exception {
    Env env = env(kind);
    PackageVersion unpublished =
        Crm.version(
            "1.0.1", Crm.CREATE_CONTACTS, new Migration("1.5", "by hand", "SELECT 1;", Map.of()));
    install(env, unpublished, List.of(unpublished), false);

    assertThatThrownBy(() -> install(env, Crm.V1_1_0))
        .isInstanceOf(PackageException.class)
        .hasMessage(
            "crm: the database's history differs from the catalog:"
                + " migration 1.5 is not in the catalog");
    assertThat(migrator.drift(installed(env, "crm"), Crm.CATALOG, env.dialect()).differences())
        .containsExactly("crm 1.0.1 is not in the catalog", "migration 1.5 is not in the catalog");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void aNewerVersionIsNotDowngraded(Kind kind) throws Exception {
    Env env = env(kind);
    install(env, Crm.V1_1_0);

    PackageException refused =
        catchThrowableOfType(PackageException.class, () -> install(env, Crm.V1_0_0));

    assertThat(refused.reason()).isEqualTo(PackageException.Reason.DOWNGRADE);
    assertThat(refused.getMessage()).contains("migrations 3 that 1.0.0 does not have");
    assertThat(installed(env, "crm").version()).isEqualTo("1.1.0");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void installedListsSystemFromFlywaysHistoryThenThePackages(Kind kind) throws Exception {
    Env env = env(kind);
    install(env, Crm.V1_0_0);
    PackageVersion billing =
        new PackageVersion(
            "billing",
            "0.1",
            List.of(
                new Migration("1", "invoices", "CREATE TABLE invoices (id integer);", Map.of())));
    migrator.install(env.admin(), env.dialect(), billing, List.of(billing), ACTOR, false);

    List<InstalledPackage> installed = migrator.installed(env.admin(), env.dialect());

    assertThat(installed)
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("system", "2", "installed"),
            org.assertj.core.groups.Tuple.tuple("billing", "0.1", "installed"),
            org.assertj.core.groups.Tuple.tuple("crm", "1.0.0", "installed"));
    InstalledPackage system = installed.get(0);
    assertThat(system.migrations())
        .extracting(InstalledPackage.AppliedMigration::version)
        .containsExactly("1", "2");
    assertThat(system.installedAt()).isNotNull();
    assertThat(migrator.drift(system, TestDatabases.systemVersions(), env.dialect()).detected())
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void aDatabaseAtSystem1InstallsWithTheChecksumInTheMetadataThenGetsSystem2(Kind kind)
      throws Exception {
    Env env = env(kind, "1");
    assertThat(env.strings("SELECT version FROM flyway_schema_history")).containsExactly("1");

    install(env, Crm.V1_0_0);
    install(env, Crm.V1_1_0);

    assertThat(env.strings("SELECT count(*) FROM sys_package_installation")).containsExactly("1");
    assertThat(env.strings("SELECT metadata FROM sys_package_installation").get(0))
        .contains("\"checksum\":\"" + Crm.V1_1_0.checksum() + "\"");
    assertThat(installed(env, "crm").checksum()).isEqualTo(Crm.V1_1_0.checksum());
    assertThat(installed(env, "crm").version()).isEqualTo("1.1.0");
    assertThat(installed(env, "system").version()).isEqualTo("1");

    List<PackageVersion> system = TestDatabases.systemVersions();
    InstallResult upgraded =
        migrator.install(env.admin(), env.dialect(), system.get(1), system, ACTOR, false);

    assertThat(upgraded).isEqualTo(new InstallResult("system", "1", "2", List.of("2")));
    assertThat(env.strings("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("1", "2");
    InstalledPackage systemNow = installed(env, "system");
    assertThat(systemNow.version()).isEqualTo("2");
    assertThat(systemNow.installedBy()).isEqualTo(ACTOR);
    assertThat(systemNow.checksum()).isEqualTo(system.get(1).checksum());
    // crm's checksum, recorded in its metadata at system 1, is still read back.
    assertThat(installed(env, "crm").checksum()).isEqualTo(Crm.V1_1_0.checksum());
    PackageVersion deals =
        Crm.version("1.2.1", Crm.CREATE_CONTACTS, Crm.INDEX_NAMES, Crm.ADD_PHONE, Crm.CREATE_DEALS);
    install(env, deals, Crm.catalogWith(deals), false);
    assertThat(
            env.strings("SELECT checksum FROM sys_package_installation WHERE package_id = 'crm'"))
        .containsExactly(deals.checksum());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void eachDialectRunsItsOwnSqlAndAMigrationWithoutOneIsNotInstalled(Kind kind) throws Exception {
    Env env = env(kind);
    PackageVersion typed =
        new PackageVersion(
            "typed",
            "1.0.0",
            List.of(
                new Migration(
                    "1",
                    "create items",
                    "CREATE TABLE items (id integer);",
                    Map.of("postgres", "CREATE TABLE items (id uuid);"))));
    PackageVersion postgresOnly =
        new PackageVersion(
            "pgonly",
            "1.0.0",
            List.of(
                new Migration(
                    "1",
                    "extension",
                    null,
                    Map.of("postgres", "CREATE TABLE pg_items (id int);"))));

    migrator.install(env.admin(), env.dialect(), typed, List.of(typed), ACTOR, false);

    String type =
        SchemaSnapshot.read(env.admin(), env.dialect()).table("items").columns().get(0).type();
    assertThat(type).isEqualTo(env.dialect() == Dialect.POSTGRES ? "uuid" : "integer");
    if (env.dialect() == Dialect.POSTGRES) {
      migrator.install(
          env.admin(), env.dialect(), postgresOnly, List.of(postgresOnly), ACTOR, false);
      assertThat(env.hasTable("pg_items")).isTrue();
    } else {
      int opened = env.admin().opened();
      assertThatThrownBy(
              () ->
                  migrator.install(
                      env.admin(),
                      env.dialect(),
                      postgresOnly,
                      List.of(postgresOnly),
                      ACTOR,
                      false))
          .isInstanceOf(PackageException.class)
          .hasMessage("pgonly 1.0.0: migration 1 has no SQL for sqlite");
      assertThat(env.admin().opened()).isEqualTo(opened);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void aPackageWithAHistoryButNoRowIsReportedAndRecordedByTheNextInstall(Kind kind)
      throws Exception {
    Env env = env(kind);
    install(env, Crm.V1_0_0);
    env.execute("DELETE FROM sys_package_installation");

    InstalledPackage crm = installed(env, "crm");

    assertThat(crm.version()).isNull();
    assertThat(crm.status()).isEqualTo("installed");
    assertThat(crm.migrations()).hasSize(2);
    assertThat(migrator.drift(crm, Crm.CATALOG, env.dialect()).detected()).isFalse();
    InstallResult recorded = install(env, Crm.V1_0_0);
    assertThat(recorded).isEqualTo(new InstallResult("crm", "1.0.0", "1.0.0", List.of()));
    assertThat(installed(env, "crm").version()).isEqualTo("1.0.0");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void anInstallOpensOneConnectionAndScansNothing(Kind kind) throws Exception {
    Env env = env(kind);
    int before = env.admin().opened();

    install(env, Crm.V1_1_0);

    assertThat(env.admin().opened() - before).isEqualTo(1);
    // db/migration/V99__found_by_a_class_path_scan.sql is on the test class path.
    assertThat(env.hasTable("found_by_a_class_path_scan")).isFalse();
  }
}
