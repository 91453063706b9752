package io.envprov.controlplane.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The time a rollout takes to upgrade many SQLite environments by a two-migration package, beside a
 * plain loop of Flyway over the same files at the same concurrency (the baseline). Off
 * unless asked for, since it creates the environments first:
 *
 * <pre>
 * mvn -B -pl control-plane -am verify -Dtest=RolloutScaleTest -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Drollout.scale=1000 [-Drollout.batch=100 -Drollout.concurrency=4]
 * </pre>
 *
 * Prints one line with both figures and their ratio. Needs the packages feature's installer.
 */
class RolloutScaleTest extends RolloutTestSupport {

  @Test
  void a_rollout_upgrades_many_sqlite_environments_about_as_fast_as_a_loop_of_flyway()
      throws Exception {
    String scale = System.getProperty("rollout.scale");
    assumeTrue(scale != null, "set -Drollout.scale=N to measure");
    int environments = Integer.parseInt(scale);
    int batch = Integer.getInteger("rollout.batch", 100);
    int concurrency = Integer.getInteger("rollout.concurrency", 4);

    String organization = createOrganization(slug("scale")).get("id").asString();
    for (int i = 1; i < environments; i++) {
      createEnvironment(organization, slug("s"));
    }
    List<String> files = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                query(
                        "SELECT count(*) FROM environment WHERE organization_id = ? AND status = 'active'",
                        UUID.fromString(organization))
                    .get(0)
                    .equals(String.valueOf(environments)));
    for (String name :
        query(
            "SELECT d.database_name FROM environment_database d JOIN environment e"
                + " ON e.id = d.environment_id WHERE e.organization_id = ?",
            UUID.fromString(organization))) {
      files.add(sqliteFile(name).toString());
    }

    // The rollout: canary 1, then waves of `batch`, `concurrency` installs at once on the disk.
    String table = "scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String pkg = publishCreating(table);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", pkg);
    body.put("version", "1.0.0");
    body.put("selector", Map.of("organization_id", organization));
    body.put(
        "strategy",
        Map.of("canary", 1, "batch_size", batch, "max_concurrency_per_server", concurrency));
    long start = System.nanoTime();
    String id = createRollout(admin(), body, 202).get("id").asString();
    JsonNode done = awaitRollout(id, "succeeded");
    double rolloutSeconds = (System.nanoTime() - start) / 1e9;
    assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(environments);
    // Where the time went: the installs themselves (started -> recorded) and the span of them all.
    List<String> spans =
        query(
            "SELECT round(avg(extract(epoch FROM finished_at - started_at)) * 1000)::text || ' ms"
                + " per install, first start to last record '"
                + " || round(extract(epoch FROM max(finished_at) - min(started_at))::numeric, 1)"
                + " || ' s' FROM rollout_target WHERE rollout_id = ?",
            UUID.fromString(id));
    System.out.println("rollout targets: " + spans.get(0));

    // The baseline: the same two migrations (other names) by Flyway over the same files.
    String other = "base_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Path location = Files.createTempDirectory("flyway-baseline-");
    write(
        location.resolve("V1__the_table.sql"),
        "CREATE TABLE " + other + " (id INTEGER PRIMARY KEY, body TEXT)");
    write(
        location.resolve("V2__an_index.sql"),
        "CREATE INDEX " + other + "_body ON " + other + " (body)");
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    start = System.nanoTime();
    List<Future<?>> runs = new ArrayList<>();
    for (String file : files) {
      runs.add(
          pool.submit(
              () ->
                  Flyway.configure()
                      .dataSource("jdbc:sqlite:" + file, null, null)
                      .locations("filesystem:" + location)
                      .table("sys_migrations_" + other)
                      // The database has its baseline already: start this history at 0.
                      .baselineOnMigrate(true)
                      .baselineVersion("0")
                      .group(true)
                      .load()
                      .migrate()));
    }
    for (Future<?> run : runs) {
      run.get();
    }
    double loopSeconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();

    System.out.printf(
        "rollout of %d SQLite environments (batch %d, %d at once): %.1f s; Flyway loop: %.1f s;"
            + " ratio %.2f%n",
        environments,
        batch,
        concurrency,
        rolloutSeconds,
        loopSeconds,
        rolloutSeconds / loopSeconds);
  }

  private static void write(Path file, String sql) throws IOException {
    Files.writeString(file, sql + ";\n");
  }
}
