package io.envprov.benchmarks;

import io.envprov.benchmarks.PostgresPhases.Contender;
import io.envprov.benchmarks.PostgresPhases.ServiceContender;
import io.envprov.benchmarks.PostgresResults.Measured;
import io.envprov.benchmarks.PostgresResults.Phase;
import io.envprov.benchmarks.PostgresResults.PhaseResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures PostgreSQL environment provisioning through the control plane's HTTP API against the raw
 * SQL the {@code postgres} driver needs, sent directly to the same server, in the same run.
 *
 * <ol>
 *   <li>Starts a PostgreSQL 17 data server ({@link EmbeddedDataServer}: zonky, SCRAM passwords,
 *       {@code fsync=on} and {@code synchronous_commit=on} unless {@code --data-fsync off}), builds
 *       the raw baselines' template with Flyway ({@link DirectPostgresBaseline}), starts the
 *       control plane as {@link ProvisioningBenchmark} does, and registers the data server through
 *       {@code POST /v1/database-servers}.
 *   <li>Phase A ({@link PostgresPhases}), {@code --sequential-count} (50) environments one at a
 *       time: the service ({@code POST} to {@code active}) and the raw baseline (the same work in
 *       plain SQL: database, groups, privileges, two credentials, a read through the readwrite one)
 *       take turns environment by environment, in a rotating order, so that both see the same
 *       server state (its size, dirty buffers, checkpoints) and the ratios compare like with like.
 *       {@code --warmup} rounds first, the same way.
 *   <li>Phase B, {@code --concurrent-count} (200) environments at {@code --concurrency} (4): the
 *       service, then the raw baseline, each after its own {@code --warmup}.
 *   <li>Reads every measured environment's operation (queue wait, execution); measures one SCRAM
 *       connection to the data server, for reference; stops the service and the data server; prints
 *       the report ({@link PostgresResults}) and writes {@code
 *       <results>/postgres-provisioning-<timestamp>.json}.
 * </ol>
 */
public final class PostgresProvisioningBenchmark {

  private static final String DRIVER = "postgres";
  private static final String REGION = "local";

  private final PostgresBenchmarkOptions options;
  private final HarnessOptions harness;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final PrintStream out = System.out;
  private final Instant started = Instant.now();
  private final String runId = HexFormat.of().formatHex(random(3));
  private final List<Phase> phases = new ArrayList<>();

  private PostgresProvisioningBenchmark(PostgresBenchmarkOptions options) {
    this.options = options;
    this.harness = options.harness();
    if (options.sequentialCount() > 0) {
      phases.add(new Phase("A", options.sequentialCount(), 1, true));
    }
    if (options.concurrentCount() > 0) {
      phases.add(new Phase("B", options.concurrentCount(), harness.concurrency(), false));
    }
  }

  /**
   * Runs the benchmark. Exits 0 when the run completed (targets met or not), 1 when it failed, 2 on
   * a bad command line.
   */
  public static void main(String[] args) {
    CommandLine.main(
        args,
        PostgresBenchmarkOptions::parse,
        PostgresBenchmarkOptions.USAGE,
        options -> new PostgresProvisioningBenchmark(options).run());
  }

  private int run() throws Exception {
    RunDirectory dir =
        RunDirectory.create(harness, "envprov-pgbench-", "postgres-provisioning", started);
    Path work = dir.work();
    ObjectNode result = dir.newResult(json, started);
    result.set("config", config(work));
    out.printf(
        Locale.ROOT,
        "envprov PostgreSQL provisioning benchmark %s: phase A %d sequential (interleaved), phase"
            + " B %d at concurrency %d, warm-up %d per phase%n",
        dir.stamp(),
        options.sequentialCount(),
        options.concurrentCount(),
        harness.concurrency(),
        harness.warmup());
    out.println(dir.machineLine());

    List<PhaseResult> results = new ArrayList<>();
    boolean failed = false;
    @Nullable EmbeddedDataServer data = null;
    @Nullable DirectPostgresBaseline raw = null;
    @Nullable HarnessService service = null;
    @Nullable Thread dataHook = null;
    try {
      data = startDataServer(work, result);
      EmbeddedDataServer server = data;
      dataHook = new Thread(server::close, "stop-data-server");
      Runtime.getRuntime().addShutdownHook(dataHook);

      @Nullable ControlPlaneClient client = null;
      if (!harness.skipService()) {
        service = HarnessService.start(harness, work, out);
        ObjectNode node = result.putObject("service");
        node.put("jar", harness.jar().toString());
        node.put("pid", service.process().pid());
        service.awaitHealthy(node, false);
        client = service.client(json);
        register(client, server, node);
      }
      if (!harness.skipBaselines()) {
        raw = new DirectPostgresBaseline(server);
        result
            .withObject("data_server")
            .put("raw_template_build_ms", LatencyStats.round(raw.templateBuildNanos() / 1e6));
      }
      PostgresPhases runner =
          new PostgresPhases(
              harness.warmup(), out, service == null ? null : service.process(), server);
      for (Phase phase : phases) {
        String prefix = phase.id().toLowerCase(Locale.ROOT);
        List<Contender> contenders = new ArrayList<>();
        if (client != null) {
          ServiceContender api = new ServiceContender(provisioner(client, phase), runId);
          api.organizationFor(prefix + "_w");
          api.organizationFor(prefix + "_m");
          contenders.add(api);
        }
        if (raw != null) {
          contenders.add(PostgresPhases.raw("raw", raw));
        }
        PhaseResult phaseResult = runner.run(phase, prefix, contenders);
        if (client != null) {
          phaseResult = withOperations(phaseResult, client);
        }
        results.add(phaseResult);
      }
      if (raw != null) {
        result.set("connection_reference", connectionReference(server));
      }
    } catch (Exception e) {
      failed = true;
      result.put("error", e.toString());
      throw e;
    } finally {
      if (service != null) {
        result.withObject("service").put("stop", service.stop());
        copy(dir, service.process().logFile(), "control-plane.log", result);
      }
      if (raw != null) {
        raw.close();
      }
      if (data != null) {
        if (options.traceDataServer()) {
          copy(dir, work.resolve("data-server/log/postgresql.log"), "data-server.log", result);
        }
        data.close();
        out.println(
            "[data server] stopped"
                + (data.postmaster().isPresent() ? " (STILL RUNNING: stop it by hand)" : ""));
        if (dataHook != null) {
          Runtime.getRuntime().removeShutdownHook(dataHook);
        }
      }
      result.put("finished_at", Instant.now().toString());
      result.put("completed", !failed);
      PostgresResults report = new PostgresResults(json, options, results, started);
      report.writeTo(result);
      dir.finish(json, result, out);
      if (!failed) {
        report.print(out, result);
      }
    }
    out.println();
    out.println("result written to " + dir.resultFile());
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Set-up

  private EmbeddedDataServer startDataServer(Path work, ObjectNode result) throws Exception {
    Map<String, String> startSettings = new LinkedHashMap<>();
    if (options.traceDataServer()) {
      startSettings.put("logging_collector", "on");
      startSettings.put("log_directory", "log");
      startSettings.put("log_filename", "postgresql.log");
    }
    EmbeddedDataServer data =
        EmbeddedDataServer.start(work.resolve("data-server"), options.durable(), startSettings);
    if (options.traceDataServer()) {
      try (Connection c = data.admin("postgres");
          Statement s = c.createStatement()) {
        s.execute("ALTER SYSTEM SET log_line_prefix = '%m [%p] %u@%d %a '");
        s.execute("ALTER SYSTEM SET log_connections = on");
        s.execute("ALTER SYSTEM SET log_disconnections = on");
        s.execute("ALTER SYSTEM SET log_min_duration_statement = 0");
        s.execute("SELECT pg_reload_conf()");
      } catch (SQLException | RuntimeException e) {
        data.close();
        throw e;
      }
    }
    out.printf(
        Locale.ROOT,
        "[data server] PostgreSQL on port %d, pid %s, settings %s%n",
        data.port(),
        data.postmaster().map(p -> Long.toString(p.pid())).orElse("?"),
        data.settings());
    ObjectNode node = result.putObject("data_server");
    node.put("port", data.port());
    node.put("durable", options.durable());
    data.settings().forEach(node::put);
    return data;
  }

  /** Registers the data server through the API. */
  private void register(ControlPlaneClient client, EmbeddedDataServer data, ObjectNode node)
      throws Exception {
    ObjectNode body =
        json.createObjectNode()
            .put("driver", DRIVER)
            .put("region", REGION)
            .put("name", "bench-pg-" + runId)
            .put("admin_url", data.url("postgres"))
            .put("admin_username", EmbeddedDataServer.ADMIN)
            .put("admin_secret", data.adminPassword())
            .put("capacity", 10_000);
    String id = client.createDatabaseServer(body).path("id").asString();
    node.put("database_server_id", id);
    out.println("[service] registered the data server as " + id);
  }

  /** The service's provisioner in {@code phase}: on the data server, polling at its interval. */
  private ApiProvisioner provisioner(ControlPlaneClient client, Phase phase) {
    return new ApiProvisioner(
        client,
        options.pollInterval(phase.interleaved()),
        harness.environmentTimeout(),
        DRIVER,
        REGION,
        harness.waitSeconds());
  }

  // ---------------------------------------------------------------------------------------------
  // Diagnostics

  /** Adds each measured environment's queue wait and execution, read from its operation. */
  private static PhaseResult withOperations(PhaseResult phase, ControlPlaneClient client)
      throws Exception {
    Measured service = phase.byContender().get(PostgresPhases.SERVICE);
    if (service == null || service.service() == null) {
      return phase;
    }
    Map<String, Measured> updated = new LinkedHashMap<>(phase.byContender());
    updated.put(
        PostgresPhases.SERVICE,
        new Measured(
            service.run(),
            service.warmup(),
            service.cpu(),
            service.service().withOperations(client)));
    return new PhaseResult(phase.phase(), updated);
  }

  /** What one SCRAM connection (open, {@code SELECT 1}, close) to the data server costs. */
  private ObjectNode connectionReference(EmbeddedDataServer data) throws Exception {
    ConcurrentRun.Task connect =
        i -> {
          try (Connection c = data.admin("postgres");
              Statement s = c.createStatement()) {
            s.execute("SELECT 1");
          }
        };
    ConcurrentRun.run("connect-warmup", 10, 1, connect);
    ConcurrentRun.Result run = ConcurrentRun.run("connect", 50, 1, connect);
    out.println("[reference] SCRAM connect + SELECT 1 + close: " + run.stats().line());
    ObjectNode node = json.createObjectNode();
    node.put("what", "admin connection to the data server: SCRAM login, SELECT 1, close");
    run.stats().writeTo(node.putObject("latency"));
    return node;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private ObjectNode config(Path work) {
    ObjectNode node = json.createObjectNode();
    node.put("sequential_count", options.sequentialCount());
    node.put("concurrent_count", options.concurrentCount());
    node.put("concurrency", harness.concurrency());
    node.put("warmup", harness.warmup());
    node.put("poll_interval_ms", harness.pollInterval().toMillis());
    node.put("concurrent_poll_interval_ms", options.concurrentPollInterval().toMillis());
    node.put("env_timeout_s", harness.environmentTimeout().toSeconds());
    node.put("data_fsync", options.durable() ? "on" : "off (zonky defaults)");
    node.put("trace_data_server", options.traceDataServer());
    node.put("jar", harness.jar().toString());
    harness.serviceJvmArgs().forEach(node.putArray("service_jvm_args")::add);
    harness.serviceArgs().forEach(node.putArray("service_args")::add);
    node.put("work_dir", work.toString());
    node.put("run_id", runId);
    return node;
  }

  private void copy(RunDirectory dir, Path file, String suffix, ObjectNode result) {
    try {
      Path copy = dir.copy(file, suffix);
      if (copy != null) {
        result.withObject("logs").put(suffix, copy.toString());
      }
    } catch (IOException e) {
      out.println("could not copy " + file + ": " + e);
    }
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return value;
  }
}
