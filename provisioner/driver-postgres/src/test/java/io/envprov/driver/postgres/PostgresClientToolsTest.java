package io.envprov.driver.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.spi.Capabilities;
import io.envprov.driver.spi.DriverContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the client programs and running them safely, without a server: which programs serve which
 * server version, the connection string they get, where their password is, and what their failures
 * say.
 */
class PostgresClientToolsTest {

  @TempDir Path directory;

  @Test
  void aServerGetsTheProgramsOfTheLowestMajorVersionNotOlderThanItsOwn() throws IOException {
    Path v14 = fakeTools("14", "pg_dump (PostgreSQL) 14.11");
    Path v17 = fakeTools("17", "pg_dump (PostgreSQL) 17.2 (Debian 17.2-1.pgdg120+1)");
    Path v15 = fakeTools("15", "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)");
    PostgresClientTools tools = new PostgresClientTools(null, List.of(v14, v17, v15));

    assertThat(tools.forServer(150018)).map(t -> t.directory()).contains(v15.toRealPath());
    assertThat(tools.forServer(140011)).map(t -> t.directory()).contains(v14.toRealPath());
    assertThat(tools.forServer(160004)).map(t -> t.directory()).contains(v17.toRealPath());
    assertThat(tools.forServer(170007)).map(t -> t.version()).contains("17.2");
    assertThat(tools.forServer(90624)).map(t -> t.version()).contains("14.11");
    assertThat(tools.forServer(180000)).isEmpty();
  }

  @Test
  void aServerNewerThanEveryPgDumpGetsNoneAndTheReasonSaysWhatToInstallAndWhere()
      throws IOException {
    Path v15 = fakeTools("15", "pg_dump (PostgreSQL) 15.18");
    PostgresClientTools tools = new PostgresClientTools(null, List.of(v15));

    assertThat(tools.any()).isTrue();
    assertThat(tools.forServer(170007)).isEmpty();
    assertThat(tools.unsuitable(170007))
        .contains("PostgreSQL 17", "15.18 in " + v15.toRealPath())
        .contains("clientBinDirectory", "ENVPROV_PG_BIN_DIR");
  }

  @Test
  void aDirectoryWithoutAllThreeProgramsOrWithoutAVersionIsNotUsed() throws IOException {
    Path incomplete = fakeTools("incomplete", "pg_dump (PostgreSQL) 16.1");
    Files.delete(incomplete.resolve("psql"));
    Path silent = fakeTools("silent", "no version here");
    Path missing = directory.resolve("missing");
    PostgresClientTools tools = new PostgresClientTools(null, List.of(incomplete, silent, missing));

    assertThat(tools.any()).isFalse();
    assertThat(tools.forServer(150000)).isEmpty();
    assertThat(tools.unsuitable(150000)).contains("none were found");
  }

  @Test
  void debiansWrapperOnThePathIsSkippedForTheVersionedDirectories() throws IOException {
    Path shared = Files.createDirectories(directory.resolve("share"));
    Path wrapper = script(shared.resolve("pg_wrapper"), "echo 'pg_dump (PostgreSQL) 99.0'");
    Path bin = Files.createDirectories(directory.resolve("bin"));
    for (String program : List.of("pg_dump", "pg_restore", "psql")) {
      Files.createSymbolicLink(bin.resolve(program), wrapper);
    }
    Path v15 = fakeTools("15", "pg_dump (PostgreSQL) 15.18");

    PostgresClientTools tools = new PostgresClientTools(null, List.of(bin, v15));

    assertThat(tools.forServer(150000)).map(t -> t.version()).contains("15.18");
    assertThat(tools.forServer(160000)).isEmpty();
  }

  @Test
  void aDriverWhoseConfiguredDirectoryHasNoProgramsClaimsNoBackups() {
    PostgresDriver driver =
        new PostgresDriver(
            PostgresSettings.from(
                new DriverContext(
                    directory,
                    Map.of(PostgresSettings.CLIENT_BIN_DIRECTORY, directory.toString()))),
            getClass().getClassLoader());

    Capabilities capabilities = driver.capabilities();

    assertThat(capabilities.backup()).isFalse();
    assertThat(capabilities.copy()).isTrue();
    assertThat(driver.capabilities(null)).isEqualTo(capabilities);
  }

  @Test
  void versionsAreComparedByMajorVersionInBothNumberingSchemes() {
    assertThat(PostgresClientTools.majorOfServer(150018)).isEqualTo(1500);
    assertThat(PostgresClientTools.majorOfServer(90624)).isEqualTo(906);
    assertThat(PostgresClientTools.majorOfTool("pg_dump (PostgreSQL) 15.18")).contains(1500);
    assertThat(PostgresClientTools.majorOfTool("pg_dump (PostgreSQL) 9.6.24")).contains(906);
    assertThat(PostgresClientTools.majorOfTool("pg_dump (PostgreSQL) 18devel")).contains(1800);
    assertThat(PostgresClientTools.majorOfTool("something else")).isEmpty();
    assertThat(PostgresClientTools.versionName(170007)).isEqualTo("17");
    assertThat(PostgresClientTools.versionName(90624)).isEqualTo("9.6");
  }

  @Test
  void theConnectionStringKeepsTheAdminUrlsHostsAndTlsModeAndCarriesNoPassword() {
    PostgresUrl url =
        PostgresUrl.parse(
            "jdbc:postgresql://db1.example:5433,[::1],db3/postgres?sslmode=verify-ca"
                + "&password=hunter2&user=admin&targetServerType=primary"
                + "&sslrootcert=/etc/ssl/our%20ca.pem");

    String conninfo =
        Conninfo.of(url.forClients(), "env_1", "envprov_probe_1", Duration.ofSeconds(10));

    assertThat(conninfo)
        .isEqualTo(
            "host='db1.example,::1,db3' port='5433,5432,5432' dbname='env_1'"
                + " user='envprov_probe_1' connect_timeout='10'"
                + " application_name='envprov-driver-postgres' sslmode='verify-ca'"
                + " sslrootcert='/etc/ssl/our ca.pem' target_session_attrs='read-write'")
        .doesNotContain("hunter2");
    assertThat(Conninfo.sslMode(PostgresUrl.parse("jdbc:postgresql://h/d?ssl=true")))
        .isEqualTo("verify-full");
    assertThat(Conninfo.sslMode(PostgresUrl.parse("jdbc:postgresql://h/d"))).isEqualTo("prefer");
    assertThat(Conninfo.quoted("it's a \\ path")).isEqualTo("'it\\'s a \\\\ path'");
  }

  @Test
  void thePasswordIsInAPrivatePassfileAndNeverOnTheCommandLineOrInTheEnvironment()
      throws IOException {
    String secret = "se:cr\\et-" + Databases.randomHex(8);
    try (ClientProcess.Workspace workspace = ClientProcess.Workspace.create()) {
      Path passfile = workspace.passfile("envprov_probe_1", secret);
      ProcessBuilder builder =
          ClientProcess.builder(
              ClientProcess.command("/bin/true", "--dbname=host='h' user='envprov_probe_1'"),
              workspace,
              passfile);

      assertThat(Files.getPosixFilePermissions(workspace.directory()))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      assertThat(Files.getPosixFilePermissions(passfile))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(passfile, StandardCharsets.UTF_8))
          .isEqualTo(
              "*:*:*:envprov_probe_1:" + secret.replace("\\", "\\\\").replace(":", "\\:") + "\n");
      assertThat(String.join(" ", builder.command())).doesNotContain(secret);
      assertThat(builder.environment().values()).noneMatch(value -> value.contains(secret));
      assertThat(builder.environment()).containsEntry("PGPASSFILE", passfile.toString());
      workspace.close();
      assertThat(workspace.directory()).doesNotExist();
    }
  }

  @Test
  void theServicesOwnPostgresVariablesNeverReachAProgram() {
    Map<String, String> environment = new HashMap<>();
    environment.put("PGPASSWORD", "from-the-service");
    environment.put("PGOPTIONS", "-c role=someone");
    environment.put("PGSERVICEFILE", "/somewhere");
    environment.put("PATH", "/usr/bin");
    environment.put("LANGUAGE", "de");

    ClientProcess.cleanEnvironment(environment);

    assertThat(environment).containsOnlyKeys("PATH", "LC_ALL").containsEntry("LC_ALL", "C");
  }

  @Test
  void aProgramsFailureNamesItsErrorMasksSecretsAndTellsTransientFromPermanent()
      throws IOException {
    Path errors = directory.resolve("errors");
    Files.writeString(
        errors,
        """
        pg_dump: error: connection to server at "db" (10.0.0.1), port 5432 failed: \
        FATAL:  password authentication failed for user "envprov_probe_1" password=s3cret
        """);

    ClientProcess.Failure failure = ClientProcess.failure("pg_dump", 1, errors, List.of("s3cret"));

    assertThat(failure.reason())
        .startsWith("pg_dump failed (exit 1): pg_dump: error: connection to server")
        .contains("password authentication failed")
        .doesNotContain("s3cret");
    assertThat(failure.transientFailure()).isFalse();
    assertThat(
            ClientProcess.isTransient(
                "pg_dump: error: connection to server at \"db\", port 5432 failed:"
                    + " Connection refused"))
        .isTrue();
    assertThat(ClientProcess.isTransient("psql:<stdin>:12: ERROR:  40P01: deadlock detected"))
        .isTrue();
    assertThat(
            ClientProcess.isTransient(
                "psql:<stdin>:12: ERROR:  42P07: relation \"note\" already exists"))
        .isFalse();
    assertThat(
            ClientProcess.isTransient(
                "pg_dump: error: query failed: ERROR:  canceling statement due to lock timeout"))
        .isTrue();
    assertThat(
            ClientProcess.isTransient(
                "pg_restore: error: input file does not appear to be a valid archive"))
        .isFalse();
  }

  @Test
  void theSchemaOnlyPatternMatchesEveryNameButTheHistorys() {
    String pattern = Snapshots.allTablesBut("flyway_schema_history");
    // psql's pattern syntax, as pg_dump reads it: * is any characters, ? any one, the whole name.
    String regex = "^" + pattern.replace("*", ".*").replace("?", ".") + "$";

    assertThat("flyway_schema_history").doesNotMatch(regex);
    for (String name :
        List.of(
            "note",
            "f",
            "flyway",
            "flyway_schema_histor",
            "flyway_schema_historyX",
            "flyway_schema_history_old",
            "Flyway_schema_history",
            "sys_package_installation",
            "a.b*c")) {
      assertThat(name).matches(regex);
    }
  }

  /** A directory with pg_dump printing {@code version}, and pg_restore and psql. */
  private Path fakeTools(String name, String version) throws IOException {
    Path bin = Files.createDirectories(directory.resolve(name).resolve("bin"));
    script(bin.resolve("pg_dump"), "echo '" + version + "'");
    script(bin.resolve("pg_restore"), "exit 0");
    script(bin.resolve("psql"), "exit 0");
    return bin;
  }

  private static Path script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
