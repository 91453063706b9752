package io.envprov.provisioner.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.provisioner.packages.TestDatabases.Env;
import io.envprov.provisioner.packages.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link PreparedUpgrade} leaves exactly what Flyway leaves, and leaves the rest to Flyway. */
class PreparedUpgradeTest {

  private static final PackageVersion DEALS =
      Crm.version("1.2.1", Crm.CREATE_CONTACTS, Crm.INDEX_NAMES, Crm.ADD_PHONE, Crm.CREATE_DEALS);
  private static final List<PackageVersion> CATALOG = Crm.catalogWith(DEALS);

  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRES", "SQLITE"})
  void theRunnerLeavesTheHistoryAndRowFlywayLeavesAndFlywayValidatesIt(Kind kind) throws Exception {
    Dialect dialect = kind.dialect;
    Env byFlyway =
        TestDatabases.create(
            kind == Kind.POSTGRES ? Kind.POSTGRES_FLYWAY : Kind.SQLITE_FLYWAY, directory);
    Env byRunner = TestDatabases.create(kind, directory);
    for (Env env : List.of(byFlyway, byRunner)) {
      PackageMigrator migrator = env.kind().migrator();
      migrator.install(env.admin(), dialect, Crm.V1_0_0, CATALOG, "same actor", false);
      migrator.install(env.admin(), dialect, DEALS, CATALOG, "same actor", false);
    }

    String history =
        "SELECT installed_rank || ' ' || version || ' ' || description || ' ' || type || ' ' ||"
            + " script || ' ' || checksum || ' ' || installed_by || ' ' || success"
            + " FROM sys_migrations_crm ORDER BY installed_rank";
    assertThat(byRunner.strings(history)).isEqualTo(byFlyway.strings(history)).hasSize(4);
    String row =
        "SELECT package_id || ' ' || version || ' ' || status || ' ' || installed_by || ' ' ||"
            + " checksum || ' ' || metadata FROM sys_package_installation";
    assertThat(byRunner.strings(row)).isEqualTo(byFlyway.strings(row)).hasSize(1);
    assertThat(SchemaSnapshot.read(byRunner.admin(), dialect))
        .isEqualTo(SchemaSnapshot.read(byFlyway.admin(), dialect));
    if (dialect == Dialect.POSTGRES) {
      assertThat(
              byRunner.strings(
                  "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"))
          .containsExactly(byRunner.adminGroup());
    }

    // Flyway, given the same migrations as files, finds the runner's history valid and complete.
    Path files = Files.createDirectories(directory.resolve("crm"));
    for (Migration migration : DEALS.migrations()) {
      Files.writeString(
          files.resolve(MemoryMigrations.filename(migration)), migration.sqlFor(dialect));
    }
    var configuration =
        Flyway.configure(getClass().getClassLoader())
            .dataSource(byRunner.admin())
            .table("sys_migrations_crm")
            .locations("filesystem:" + files);
    if (dialect == Dialect.POSTGRES) {
      configuration.schemas("public").createSchemas(false);
    }
    Flyway flyway = configuration.load();
    flyway.validate();
    assertThat(flyway.info().pending()).isEmpty();
  }

  @Test
  void theLockIsFlywaysOwn() {
    // as Flyway 11 sends it for "public"."sys_migrations_crm": SELECT pg_try_advisory_lock(...)
    assertThat(PreparedUpgrade.lockKey("sys_migrations_crm")).isEqualTo(77433748415834L);
  }

  @Test
  void onlyPlainTransactionalSqlSkipsFlyway() {
    for (Dialect dialect : Dialect.values()) {
      assertThat(PreparedUpgrade.eligible(DEALS, dialect)).isTrue();
      assertThat(PreparedUpgrade.eligible(TestDatabases.systemVersions().get(1), dialect)).isTrue();
    }
    for (String special :
        List.of(
            "CREATE INDEX CONCURRENTLY i ON contacts (name);",
            "COPY contacts FROM STDIN;",
            "COMMIT;",
            "SET ROLE someone;",
            "SET search_path = other;",
            "VACUUM contacts;",
            "ALTER TYPE mood ADD VALUE 'meh';",
            "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;",
            "PRAGMA foreign_keys = OFF;",
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;",
            "SELECT '${placeholder}';")) {
      for (Dialect dialect : Dialect.values()) {
        assertThat(
                PreparedUpgrade.eligible(
                    Crm.version("9", new Migration("1", "special", special, Map.of())), dialect))
            .as(special)
            .isFalse();
      }
    }
  }

  @Test
  void aMigrationFlywayRunsOutsideATransactionIsLeftToFlyway() throws Exception {
    Env env = TestDatabases.create(Kind.POSTGRES, directory);
    PackageMigrator migrator = Kind.POSTGRES.migrator();
    migrator.install(env.admin(), Dialect.POSTGRES, Crm.V1_0_0, Crm.CATALOG, "a", false);
    PackageVersion concurrently =
        Crm.version(
            "1.0.1",
            Crm.CREATE_CONTACTS,
            Crm.INDEX_NAMES,
            new Migration(
                "3",
                "index ids",
                "CREATE INDEX CONCURRENTLY contacts_id ON contacts (id);",
                Map.of()));

    InstallResult result =
        migrator.install(
            env.admin(), Dialect.POSTGRES, concurrently, List.of(concurrently), "a", false);

    assertThat(result.applied()).containsExactly("3");
    assertThat(SchemaSnapshot.read(env.admin(), Dialect.POSTGRES).table("contacts").indexes())
        .contains("contacts_id");
  }
}
