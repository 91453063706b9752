package io.envprov.driver.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.postgres.PostgresSettings.BaselineStrategy;
import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times {@code provision} with each baseline strategy against an embedded server, with fsync off
 * (the embedded default) and on. Not part of the normal build and asserts no timing: run it with
 * {@code mvn -o -pl provisioner/driver-postgres test -Dtest=BaselineStrategyTiming
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtiming=true} and read the numbers in its output ({@code
 * target/surefire-reports/*-output.txt}).
 */
@EnabledIfSystemProperty(named = "timing", matches = "true")
class BaselineStrategyTiming {

  private static final int WARM_UP = 3;
  private static final int ROUNDS = 25;

  @Test
  void provisioningFromATemplateAgainstFlywayInEveryDatabase() throws Exception {
    for (String fsync : List.of("off", "on")) {
      Path directory = Files.createTempDirectory("timing-");
      try (EmbeddedPostgresServer server =
          EmbeddedPostgresServer.start(directory.resolve("data"), Map.of("fsync", fsync))) {
        Map<BaselineStrategy, PostgresDriver> drivers = new EnumMap<>(BaselineStrategy.class);
        Map<BaselineStrategy, List<Double>> millis = new EnumMap<>(BaselineStrategy.class);
        for (BaselineStrategy strategy : BaselineStrategy.values()) {
          drivers.put(
              strategy,
              new PostgresDriver(
                  PostgresSettings.defaults().withBaselineStrategy(strategy),
                  getClass().getClassLoader()));
          millis.put(strategy, new ArrayList<>());
        }
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
          // Alternate, so that drift in the machine's load hits both alike.
          for (BaselineStrategy strategy : BaselineStrategy.values()) {
            String name = Databases.newDatabaseName();
            ProvisionRequest request =
                new ProvisionRequest(
                    name, EmbeddedTarget.of(server), Baseline.DATA_PLANE, Map.of());
            long start = System.nanoTime();
            drivers.get(strategy).provision(request);
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (round >= WARM_UP) {
              millis.get(strategy).add(elapsed);
            }
            try (Connection admin = server.admin(name)) {
              assertThat(Databases.ownersInPublic(admin))
                  .isNotEmpty()
                  .allSatisfy(owner -> assertThat(owner).endsWith("=" + name + "_admin"));
            }
            drivers.get(strategy).deprovision(new DatabaseRef(name, EmbeddedTarget.of(server)));
          }
        }
        millis.forEach(
            (strategy, values) ->
                System.out.println(
                    String.format(
                        Locale.ROOT,
                        "fsync=%s strategy=%s provisions=%d median=%.1fms mean=%.1fms p90=%.1fms",
                        fsync,
                        strategy,
                        values.size(),
                        percentile(values, 50),
                        values.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                        percentile(values, 90))));
      }
    }
  }

  private static double percentile(List<Double> values, int percent) {
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
