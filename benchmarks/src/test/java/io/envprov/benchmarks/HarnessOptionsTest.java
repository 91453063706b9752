package io.envprov.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line both provisioning harnesses share, read through each harness's parser. */
class HarnessOptionsTest {

  @Test
  void the_sqlite_harness_keeps_its_defaults() {
    BenchmarkOptions options = BenchmarkOptions.parse(new String[0]);

    assertThat(options.count()).isEqualTo(1000);
    assertThat(options.environmentsPerOrganization()).isEqualTo(250);
    HarnessOptions harness = options.harness();
    assertThat(harness.concurrency()).isEqualTo(4);
    assertThat(harness.warmup()).isEqualTo(20);
    assertThat(harness.pollInterval()).isEqualTo(Duration.ofMillis(2));
    assertThat(harness.waitSeconds()).isZero();
    assertThat(harness.environmentTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(harness.startupTimeout()).isEqualTo(Duration.ofSeconds(180));
    assertThat(harness.serviceJvmArgs()).isEmpty();
    assertThat(harness.serviceArgs()).isEmpty();
    assertThat(harness.workDir()).isNull();
    assertThat(harness.keepData()).isFalse();
    assertThat(harness.skipService()).isFalse();
    assertThat(harness.skipBaselines()).isFalse();
    Path root = HarnessOptions.projectRoot();
    assertThat(harness.jar()).isEqualTo(root.resolve(HarnessOptions.DEFAULT_JAR).normalize());
    assertThat(harness.resultsDir()).isEqualTo(root.resolve("benchmarks/results").normalize());
  }

  @Test
  void the_postgres_harness_polls_slower_by_default() {
    PostgresBenchmarkOptions options = PostgresBenchmarkOptions.parse(new String[0]);

    assertThat(options.sequentialCount()).isEqualTo(50);
    assertThat(options.concurrentCount()).isEqualTo(200);
    assertThat(options.durable()).isTrue();
    assertThat(options.traceDataServer()).isFalse();
    assertThat(options.harness().pollInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(options.concurrentPollInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(options.pollInterval(true)).isEqualTo(Duration.ofMillis(10));
    assertThat(options.pollInterval(false)).isEqualTo(Duration.ofMillis(20));
    assertThat(options.harness().concurrency()).isEqualTo(4);
    assertThat(options.harness().warmup()).isEqualTo(20);
  }

  @Test
  void both_harnesses_read_the_shared_options_alike_in_either_form() {
    String[] args = {
      "--concurrency=3",
      "--warmup",
      "0",
      "--poll-interval-ms=7",
      "--wait-seconds",
      "5",
      "--env-timeout-s=9",
      "--startup-timeout-s",
      "11",
      "--jar=some/control-plane.jar",
      "--java",
      "/opt/java/bin/java",
      "--service-jvm-arg=-Xmx512m",
      "--service-jvm-arg",
      "-XX:TieredStopAtLevel=1",
      "--service-arg=--logging.level.io.envprov=debug",
      "--results-dir",
      "out",
      "--work-dir=work",
      "--keep-data",
      "--skip-baselines"
    };

    HarnessOptions sqlite = BenchmarkOptions.parse(args).harness();
    HarnessOptions postgres = PostgresBenchmarkOptions.parse(args).harness();

    assertThat(postgres).isEqualTo(sqlite);
    assertThat(sqlite.concurrency()).isEqualTo(3);
    assertThat(sqlite.warmup()).isZero();
    assertThat(sqlite.pollInterval()).isEqualTo(Duration.ofMillis(7));
    assertThat(sqlite.waitSeconds()).isEqualTo(5);
    assertThat(sqlite.environmentTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(sqlite.startupTimeout()).isEqualTo(Duration.ofSeconds(11));
    assertThat(sqlite.jar()).isEqualTo(Path.of("some/control-plane.jar").toAbsolutePath());
    assertThat(sqlite.java()).isEqualTo(Path.of("/opt/java/bin/java"));
    assertThat(sqlite.serviceJvmArgs()).containsExactly("-Xmx512m", "-XX:TieredStopAtLevel=1");
    assertThat(sqlite.serviceArgs()).containsExactly("--logging.level.io.envprov=debug");
    assertThat(sqlite.resultsDir()).isEqualTo(Path.of("out").toAbsolutePath());
    assertThat(sqlite.workDir()).isEqualTo(Path.of("work").toAbsolutePath());
    assertThat(sqlite.keepData()).isTrue();
    assertThat(sqlite.skipService()).isFalse();
    assertThat(sqlite.skipBaselines()).isTrue();
  }

  @Test
  void each_harness_reads_its_own_options() {
    BenchmarkOptions sqlite =
        BenchmarkOptions.parse(new String[] {"--count", "20", "--envs-per-org=5"});
    PostgresBenchmarkOptions postgres =
        PostgresBenchmarkOptions.parse(
            new String[] {
              "--trace-data-server",
              "--sequential-count=0",
              "--concurrent-count",
              "8",
              "--concurrent-poll-interval-ms=30",
              "--data-fsync",
              "off"
            });

    assertThat(sqlite.count()).isEqualTo(20);
    assertThat(sqlite.environmentsPerOrganization()).isEqualTo(5);
    assertThat(postgres.traceDataServer()).isTrue();
    assertThat(postgres.sequentialCount()).isZero();
    assertThat(postgres.concurrentCount()).isEqualTo(8);
    assertThat(postgres.concurrentPollInterval()).isEqualTo(Duration.ofMillis(30));
    assertThat(postgres.durable()).isFalse();
  }

  @Test
  void a_flag_takes_no_value_and_an_option_takes_the_next_argument_whatever_it_is() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            new String[] {"--skip-service", "--count", "5", "--service-arg", "--skip-baselines"});

    assertThat(options.harness().skipService()).isTrue();
    assertThat(options.count()).isEqualTo(5);
    assertThat(options.harness().serviceArgs()).containsExactly("--skip-baselines");
    assertThat(options.harness().skipBaselines()).isFalse();
  }

  @Test
  void help_stops_the_parse_where_it_stands() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--help", "--count", "x"}))
        .isInstanceOf(CommandLine.HelpRequested.class);
    assertThatThrownBy(() -> PostgresBenchmarkOptions.parse(new String[] {"-h"}))
        .isInstanceOf(CommandLine.HelpRequested.class);
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--count", "x", "-h"}))
        .hasMessage("--count needs an integer, got x");
  }

  @Test
  void both_harnesses_refuse_a_bad_shared_option_alike() {
    assertRefused(new String[] {"--warmup", "-1"}, "--warmup must not be negative, got -1");
    assertRefused(new String[] {"--concurrency", "0"}, "--concurrency must be positive, got 0");
    assertRefused(
        new String[] {"--poll-interval-ms=abc"}, "--poll-interval-ms needs an integer, got abc");
    assertRefused(new String[] {"--concurrency"}, "--concurrency needs a value");
    assertRefused(new String[] {"--bogus", "1"}, "unknown option --bogus");
    assertRefused(new String[] {"--env-timeout-s", "0"}, "--env-timeout-s must be positive, got 0");
    assertRefused(
        new String[] {"--skip-service", "--skip-baselines"},
        "--skip-service and --skip-baselines leave nothing to do");
  }

  @Test
  void each_harness_refuses_a_bad_option_of_its_own() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--count", "0"}))
        .hasMessage("--count must be positive, got 0");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--trace-data-server"}))
        .hasMessage("--trace-data-server needs a value");
    assertThatThrownBy(
            () -> PostgresBenchmarkOptions.parse(new String[] {"--sequential-count", "-1"}))
        .hasMessage("--sequential-count must not be negative, got -1");
    assertThatThrownBy(() -> PostgresBenchmarkOptions.parse(new String[] {"--data-fsync", "maybe"}))
        .hasMessage("--data-fsync takes on or off");
    assertThatThrownBy(
            () ->
                PostgresBenchmarkOptions.parse(
                    new String[] {"--sequential-count", "0", "--concurrent-count=0"}))
        .hasMessage("both phases have 0 environments");
    assertThatThrownBy(() -> PostgresBenchmarkOptions.parse(new String[] {"--count", "5"}))
        .hasMessage("unknown option --count");
  }

  private static void assertRefused(String[] args, String message) {
    assertThatThrownBy(() -> BenchmarkOptions.parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> PostgresBenchmarkOptions.parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
