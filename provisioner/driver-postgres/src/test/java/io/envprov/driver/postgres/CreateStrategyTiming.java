package io.envprov.driver.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.postgres.PostgresSettings.CreateStrategy;
import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times {@code provision} with {@code CREATE DATABASE ... STRATEGY WAL_LOG} against {@code
 * FILE_COPY}, on an embedded server with {@code fsync=on} (as in the provisioning benchmark),
 * strategies alternating, databases kept until the end (as a server fills up). Not part of the
 * normal build and asserts no timing: run it with {@code mvn -o -pl provisioner/driver-postgres
 * test -Dtest=CreateStrategyTiming -Dsurefire.failIfNoSpecifiedTests=false -Dtiming=true} and read
 * the numbers in its output ({@code target/surefire-reports/*-output.txt}).
 */
@EnabledIfSystemProperty(named = "timing", matches = "true")
class CreateStrategyTiming {

  private static final int WARM_UP = 3;
  private static final int ROUNDS = Integer.getInteger("timing.rounds", 30);

  @Test
  void walLogAgainstFileCopy() throws Exception {
    Path directory = Files.createTempDirectory("timing-");
    try (EmbeddedPostgresServer server =
        EmbeddedPostgresServer.start(
            directory.resolve("data"), Map.of("fsync", "on", "synchronous_commit", "on"))) {
      Map<CreateStrategy, PostgresDriver> drivers = new EnumMap<>(CreateStrategy.class);
      Map<CreateStrategy, List<Double>> millis = new EnumMap<>(CreateStrategy.class);
      for (CreateStrategy strategy : CreateStrategy.values()) {
        drivers.put(
            strategy,
            new PostgresDriver(
                PostgresSettings.defaults().withCreateStrategy(strategy),
                getClass().getClassLoader()));
        millis.put(strategy, new ArrayList<>());
      }
      List<String> made = new ArrayList<>();
      for (int round = 0; round < WARM_UP + ROUNDS; round++) {
        for (CreateStrategy strategy : CreateStrategy.values()) {
          String name = Databases.newDatabaseName();
          made.add(name);
          long start = System.nanoTime();
          String version =
              drivers
                  .get(strategy)
                  .provision(
                      new ProvisionRequest(
                          name, EmbeddedTarget.of(server), Baseline.DATA_PLANE, Map.of()))
                  .baselineVersion();
          double elapsed = (System.nanoTime() - start) / 1e6;
          assertThat(version).isNotBlank();
          if (round >= WARM_UP) {
            millis.get(strategy).add(elapsed);
          }
        }
      }
      millis.forEach(
          (strategy, values) ->
              System.out.println(
                  String.format(
                      Locale.ROOT,
                      "strategy=%s provisions=%d median=%.1fms mean=%.1fms p90=%.1fms",
                      strategy,
                      values.size(),
                      percentile(values, 50),
                      values.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                      percentile(values, 90))));
      for (String name : made) {
        drivers
            .get(CreateStrategy.WAL_LOG)
            .deprovision(new DatabaseRef(name, EmbeddedTarget.of(server)));
      }
      drivers.values().forEach(PostgresDriver::close);
    }
  }

  private static double percentile(List<Double> values, int percent) {
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
