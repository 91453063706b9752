package io.envprov.controlplane.packages;

import static io.envprov.controlplane.packages.PackageApi.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;

/**
 * How long one install takes through the API on SQLite environments, one after the other: from the
 * POST to the operation seen finished (the client polls every 100 ms), the operation's own run
 * (claimed to finished), and a live {@code GET .../packages}. A measurement, not a check: run it
 * with {@code -Dpackages.timing=true}.
 */
@EnabledIfSystemProperty(named = "packages.timing", matches = "true")
class InstallTimingTest extends ApiTestSupport {

  private static final int ENVIRONMENTS = 20;

  @Test
  void one_install_at_a_time_into_sqlite_environments() {
    PackageApi api = new PackageApi(admin());
    String organizationId = createOrganization(slug("timing")).get("id").asString();
    List<String> environments = new ArrayList<>();
    for (int i = 0; i < ENVIRONMENTS + 1; i++) {
      environments.add(createEnvironment(organizationId, slug("timed")).get("id").asString());
    }
    environments.forEach(id -> awaitStatus(id, "active"));
    String name = PackageApi.name("timing");
    api.publish(
        name,
        "1",
        List.of(
            migration("1", "CREATE TABLE timed (id integer)"),
            migration("2", "CREATE INDEX timed_id ON timed (id)")));
    api.installAndWait(environments.get(0), name, "1"); // the first install warms the JVM up

    long total = 0;
    long run = 0;
    long read = 0;
    for (String id : environments.subList(1, environments.size())) {
      long start = System.nanoTime();
      JsonNode operation = api.installAndWait(id, name, "1");
      long installed = System.nanoTime();
      api.packages(id);
      read += System.nanoTime() - installed;
      total += installed - start;
      assertThat(operation.get("status").asString()).isEqualTo("succeeded");
      run +=
          Duration.between(
                  OffsetDateTime.parse(operation.get("started_at").asString()),
                  OffsetDateTime.parse(operation.get("finished_at").asString()))
              .toNanos();
    }
    System.out.printf(
        "install: %.1f ms from POST to seen finished, %.1f ms of run; GET packages: %.1f ms%n",
        total / 1e6 / ENVIRONMENTS, run / 1e6 / ENVIRONMENTS, read / 1e6 / ENVIRONMENTS);
  }
}
