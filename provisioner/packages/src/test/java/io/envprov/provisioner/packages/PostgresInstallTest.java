package io.envprov.provisioner.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.envprov.provisioner.packages.TestDatabases.Env;
import io.envprov.provisioner.packages.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What only PostgreSQL shows: ownership, concurrent installs, a server that does not answer. */
class PostgresInstallTest {

  private final PackageMigrator migrator = new PackageMigrator(getClass().getClassLoader());

  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRES", "POSTGRES_FLYWAY"})
  void whatAPackageCreatesIsOwnedByTheAdminGroupLikeTheBaseline(Kind kind) throws Exception {
    Env env = TestDatabases.create(kind, directory);

    kind.migrator()
        .install(env.admin(), Dialect.POSTGRES, Crm.V1_1_0, Crm.CATALOG, "user-1", false);

    assertThat(
            env.strings(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename IN ('contacts', 'sys_migrations_crm',"
                    + " 'sys_package_installation', 'flyway_schema_history')"))
        .containsExactly(env.adminGroup());
    assertThat(env.strings("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .containsExactly("4");
  }

  /** Half the racers go through Flyway, half through {@link PreparedUpgrade}: one lock for all. */
  @Test
  void installsRacingOnOneDatabaseRunEachMigrationOnce() throws Exception {
    Env env = TestDatabases.create(Kind.POSTGRES, directory);
    int racers = 6;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Future<InstallResult>> results = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        PackageMigrator racer = (i % 2 == 0 ? Kind.POSTGRES : Kind.POSTGRES_FLYWAY).migrator();
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return racer.install(
                      env.admin(), Dialect.POSTGRES, Crm.V1_1_0, Crm.CATALOG, "racer", false);
                }));
      }
      start.countDown();
      List<String> applied = new ArrayList<>();
      for (Future<InstallResult> result : results) {
        applied.addAll(result.get().applied());
      }

      assertThat(applied).containsExactlyInAnyOrder("1", "2", "3");
    } finally {
      pool.shutdownNow();
    }
    assertThat(env.strings("SELECT version FROM sys_migrations_crm ORDER BY installed_rank"))
        .containsExactly("1", "2", "3");
    assertThat(env.strings("SELECT version FROM sys_package_installation"))
        .containsExactly("1.1.0");
  }

  @Test
  void aServerThatDoesNotAnswerIsUnreachable() {
    JdbcDataSource nowhere =
        JdbcDataSource.of("jdbc:postgresql://127.0.0.1:1/nowhere", "login", "s3cret-password");

    PackageException failure =
        catchThrowableOfType(
            PackageException.class,
            () -> migrator.install(nowhere, Dialect.POSTGRES, Crm.V1_0_0, Crm.CATALOG, "a", false));

    assertThat(failure.reason()).isEqualTo(PackageException.Reason.UNREACHABLE);
    assertThat(failure.isTransient()).isTrue();
    assertThat(failure.getMessage())
        .startsWith("cannot connect to the database: ")
        .doesNotContain("s3cret-password");
    assertThat(
            catchThrowableOfType(
                    PackageException.class, () -> migrator.installed(nowhere, Dialect.POSTGRES))
                .reason())
        .isEqualTo(PackageException.Reason.UNREACHABLE);
  }
}
