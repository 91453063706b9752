package io.envprov.benchmarks;

import io.envprov.benchmarks.OpenLoopDriver.Page;
import io.envprov.benchmarks.OpenLoopDriver.Route;
import io.envprov.benchmarks.OpenLoopDriver.Sample;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read API at scale: provisions {@code --environments} SQLite environments over {@code
 * --organizations} organizations through the API, then drives the read routes open-loop at a fixed
 * rate and reports p50/p99/max per route, against a baseline route measured in the same run.
 *
 * <p>Open loop: request {@code i} of a slice is scheduled at {@code start + i / rate}, sent then
 * whether or not earlier requests have answered, and its latency runs from the <em>scheduled</em>
 * start, so a stall of the service shows in the figures instead of silently slowing the client
 * (coordinated omission).
 *
 * <p>The baseline is {@code GET /.well-known/envprov-configuration} with the same API key: the same
 * HTTP stack, security filter chain (the key is authenticated) and JSON encoding, and no store
 * work. Reads and baseline alternate in slices of {@code --slice-s} at the same rate, so drifts in
 * the machine's load (it is shared) hit both alike.
 *
 * <p>Usage: {@code benchmarks/run-scale.sh [--environments N] [--organizations M] ...} (see {@link
 * #USAGE}).
 */
public final class ScaleBenchmark {

  static final String USAGE =
      """
      options (defaults in brackets):
        --environments N      environments to provision, spread evenly over the organizations [10000]
        --organizations M     organizations [100]
        --concurrency C       provisioning workers [4]
        --rate R              requests per second in both the read and the baseline slices [200]
        --duration-s S        measured seconds of reads, and again of baseline [60]
        --slice-s S           length of one read or baseline slice; they alternate [10]
        --warmup-s S          unmeasured seconds of reads and baseline first [10]
        --list-limit L        page size of the list requests [50]
        --as member|admin     whose API key reads: a user who is org_admin of every organization,
                              or the bootstrap platform admin (skips the membership checks) [member]
        --jar PATH            the control-plane exec jar (required)
        --results-dir DIR     where the JSON goes [benchmarks/results]
        --service-jvm-arg A   extra JVM option of the service (repeatable)
        --reuse DIR           skip provisioning: start the service on the work directory an earlier
                              run printed (its store and files), e.g. to compare two builds
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, List<String>> options = parse(args);
    int environments = intOption(options, "environments", 10_000);
    int organizations = intOption(options, "organizations", 100);
    int concurrency = intOption(options, "concurrency", 4);
    int rate = intOption(options, "rate", 200);
    int durationS = intOption(options, "duration-s", 60);
    int sliceS = intOption(options, "slice-s", 10);
    int warmupS = intOption(options, "warmup-s", 10);
    int listLimit = intOption(options, "list-limit", 50);
    boolean asMember = single(options, "as", "member").equals("member");
    Path jar = Path.of(single(options, "jar", null));
    Path resultsDir = Path.of(single(options, "results-dir", "benchmarks/results"));
    List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g"));
    jvmArgs.addAll(options.getOrDefault("service-jvm-arg", List.of()));
    if (organizations < 1 || environments < organizations || rate < 1 || sliceS < 1) {
      throw new IllegalArgumentException("need environments >= organizations >= 1, rate, slice");
    }

    @Nullable String reuse = single(options, "reuse", "");
    Path work = reuse.isEmpty() ? Files.createTempDirectory("scale-bench-") : Path.of(reuse);
    System.out.println("work directory (for --reuse): " + work);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ObjectNode report = JSON.createObjectNode();
    report.set("machine", Machine.describe(JSON));
    System.out.printf(Locale.ROOT, "machine: %s%n", report.get("machine"));
    ExecutorService httpThreads = Executors.newFixedThreadPool(4);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(httpThreads)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    try (ControlPlaneProcess service =
        ControlPlaneProcess.start(
            java, jar, jvmArgs, List.of("--logging.level.io.envprov=WARN"), work)) {
      service.awaitHealthy(http, Duration.ofMinutes(3));
      ControlPlaneClient client =
          new ControlPlaneClient(http, JSON, service.baseUri(), service.adminKey());
      ApiProvisioner provisioner =
          new ApiProvisioner(client, Duration.ZERO, Duration.ofMinutes(5), null, null, 20);

      String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
      List<String> orgIds =
          reuse.isEmpty()
              ? provision(report, provisioner, environments, organizations, concurrency, runId)
              : organizations(client);
      // 2. Every list page's cursor, walked once, so list requests can ask for any page.
      // (and every environment: the reads pick among all of them, default environments too).
      List<Page> pages = new ArrayList<>();
      List<String> envList = new ArrayList<>();
      for (String org : orgIds) {
        @Nullable String cursor = null;
        do {
          pages.add(new Page(org, cursor));
          JsonNode page = client.read(listPath(org, listLimit, cursor));
          page.path("items").forEach(env -> envList.add(env.path("id").asString()));
          cursor = nextCursor(page);
        } while (cursor != null);
      }
      String[] envIds = envList.toArray(String[]::new);
      System.out.printf(
          Locale.ROOT,
          "%d organizations, %d environments, %d list pages of %d%n",
          orgIds.size(),
          envIds.length,
          pages.size(),
          listLimit);
      report.put("organizations", orgIds.size()).put("environments", envIds.length);

      String readerKey = asMember ? member(client, orgIds, runId) : service.adminKey();
      report.put("reader", asMember ? "org_admin of every organization" : "platform admin");
      OpenLoopDriver driver =
          new OpenLoopDriver(http, service.baseUri(), readerKey, envIds, pages, listLimit);
      // 3. Warm-up, then alternating slices of reads and baseline.
      driver.phase(false, rate, warmupS, Math.max(1, warmupS / 2));
      CpuUsage cpuBefore = CpuUsage.sample(service.handle(), service.postmaster());
      long measureStart = System.nanoTime();
      List<Sample> samples = driver.phase(true, rate, durationS, sliceS);
      CpuUsage cpu = CpuUsage.sample(service.handle(), service.postmaster()).since(cpuBefore);
      double measuredS = (System.nanoTime() - measureStart) / 1e9;
      report(report, samples, rate, durationS, sliceS, listLimit, cpu, measuredS);
      System.out.println("service: " + service.stop());
    } finally {
      httpThreads.shutdownNow();
    }
    Files.createDirectories(resultsDir);
    Path out = resultsDir.resolve("scale-" + RunDirectory.stamp(Instant.now()) + ".json");
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    System.out.println("results: " + out);
    long errors = report.path("errors").asLong();
    System.exit(errors > 0 ? 1 : 0);
  }

  /** Organizations, then the environments evenly over them; returns the organizations. */
  private static List<String> provision(
      ObjectNode report,
      ApiProvisioner provisioner,
      int environments,
      int organizations,
      int concurrency,
      String runId)
      throws Exception {
    // 1. Organizations, then the environments, evenly over them (not timed as a read figure).
    long setupStart = System.nanoTime();
    List<String> orgIds = new ArrayList<>();
    for (int o = 0; o < organizations; o++) {
      orgIds.add(provisioner.createOrganization("scale-" + runId + "-" + o, "Scale " + o));
    }
    ConcurrentRun.Result provisioned =
        ConcurrentRun.run(
            "provision",
            environments,
            concurrency,
            i -> {
              String org = orgIds.get(i % organizations);
              provisioner.provision(org, "env-" + i);
              if ((i + 1) % 1000 == 0) {
                System.out.printf(Locale.ROOT, "  provisioned %d%n", i + 1);
              }
            });
    System.out.printf(
        Locale.ROOT,
        "PROVISIONED %d environments over %d organizations in %.1f s (%.1f /s at concurrency"
            + " %d; POST -> active %s); setup total %.1f s%n",
        environments,
        organizations,
        provisioned.wallSeconds(),
        provisioned.perSecond(),
        concurrency,
        provisioned.stats().line(),
        (System.nanoTime() - setupStart) / 1e9);
    ObjectNode setup = report.putObject("provisioning");
    setup.put("environments", environments).put("organizations", organizations);
    setup.put("wall_s", provisioned.wallSeconds()).put("per_s", provisioned.perSecond());
    provisioned.stats().writeTo(setup.putObject("post_to_active"));

    return orgIds;
  }

  /** The organizations of an earlier run (--reuse), through the keyset-paginated list. */
  private static List<String> organizations(ControlPlaneClient client) throws Exception {
    List<String> ids = new ArrayList<>();
    @Nullable String cursor = null;
    do {
      JsonNode page =
          client.read(
              "/v1/organizations?limit=500"
                  + (cursor == null
                      ? ""
                      : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      page.path("items").forEach(org -> ids.add(org.path("id").asString()));
      cursor = nextCursor(page);
    } while (cursor != null);
    return ids;
  }

  private static @Nullable String nextCursor(JsonNode page) {
    JsonNode next = page.path("next_cursor");
    return next.isNull() || next.isMissingNode() ? null : next.asString();
  }

  /**
   * A user who is {@code org_admin} of every organization, and a new API key of theirs: the reads
   * then pass the membership checks a customer's requests pass.
   */
  private static String member(ControlPlaneClient client, List<String> orgIds, String runId)
      throws Exception {
    String userId =
        client
            .send(
                "POST",
                "/v1/users",
                JSON.createObjectNode()
                    .put("email", "reader-" + runId + "@scale.example")
                    .put("name", "Reader"),
                201)
            .path("id")
            .asString();
    for (String org : orgIds) {
      client.send(
          "PUT",
          "/v1/organizations/" + org + "/members/" + userId,
          JSON.createObjectNode().put("role", "org_admin"),
          200);
    }
    return client
        .send(
            "POST",
            "/v1/users/" + userId + "/api-keys",
            JSON.createObjectNode().put("name", "scale"),
            201)
        .path("key")
        .asString();
  }

  static String listPath(String org, int limit, @Nullable String cursor) {
    return "/v1/organizations/"
        + org
        + "/environments?limit="
        + limit
        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
  }

  private static void report(
      ObjectNode report,
      List<Sample> samples,
      int rate,
      int durationS,
      int sliceS,
      int listLimit,
      CpuUsage cpu,
      double measuredS) {
    Map<Route, List<Long>> byRoute = new HashMap<>();
    List<Long> reads = new ArrayList<>();
    long errors = 0;
    for (Sample sample : samples) {
      byRoute.computeIfAbsent(sample.route(), r -> new ArrayList<>()).add(sample.latencyNanos());
      if (sample.route() != Route.BASELINE) {
        reads.add(sample.latencyNanos());
      }
      if (sample.status() != 200) {
        errors++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nREADS open-loop at %d requests/s for %d s, alternating %d s slices with the baseline at"
            + " the same rate (latency from the scheduled start; list pages of %d)%n",
        rate,
        durationS,
        sliceS,
        listLimit);
    ObjectNode routes = report.putObject("routes");
    for (Route route : Route.values()) {
      LatencyStats stats = stats(byRoute.getOrDefault(route, List.of()));
      System.out.printf(
          Locale.ROOT, "  %-56s n=%5d %s%n", route.label, stats.samples(), stats.line());
      stats.writeTo(routes.putObject(route.name().toLowerCase(Locale.ROOT)));
    }
    LatencyStats all = stats(reads);
    LatencyStats base = stats(byRoute.getOrDefault(Route.BASELINE, List.of()));
    System.out.printf(Locale.ROOT, "  %-56s n=%5d %s%n", "ALL READS", all.samples(), all.line());
    all.writeTo(report.putObject("reads"));
    System.out.printf(
        Locale.ROOT,
        "RATIO reads / baseline: p50 %.2f, p99 %.2f%n",
        all.p50Ms() / base.p50Ms(),
        all.p99Ms() / base.p99Ms());
    report
        .put("ratio_p50", all.p50Ms() / base.p50Ms())
        .put("ratio_p99", all.p99Ms() / base.p99Ms());
    int requests = samples.size();
    System.out.printf(
        Locale.ROOT,
        "CPU while measuring (%.1f s, %d requests): service JVM %.1f s (%.2f ms/request),"
            + " postgres %.1f s, harness %.1f s; machine busy %.0f%%; other processes %.1f s%n",
        measuredS,
        requests,
        cpu.serviceNanos() / 1e9,
        cpu.serviceNanos() / 1e6 / Math.max(1, requests),
        cpu.postgresNanos() / 1e9,
        cpu.harnessNanos() / 1e9,
        cpu.machineBusyShare() * 100,
        cpu.otherSeconds());
    report.put("service_cpu_ms_per_request", cpu.serviceNanos() / 1e6 / Math.max(1, requests));
    report.put("machine_busy", cpu.machineBusyShare()).put("other_cpu_s", cpu.otherSeconds());
    report.put("errors", errors);
    System.out.printf(
        Locale.ROOT,
        "TARGET p99 < 50 ms over all reads: %s (p99 %.2f ms); errors: %d%n",
        all.p99Ms() < 50 ? "met" : "MISSED",
        all.p99Ms(),
        errors);
  }

  private static LatencyStats stats(List<Long> nanos) {
    return LatencyStats.ofNanos(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  private static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (!arg.startsWith("--")) {
        System.err.print("unexpected argument " + arg + "\n" + USAGE);
        System.exit(2);
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        name = arg.substring(2);
        value = args[++i];
      } else {
        System.err.print("missing value for " + arg + "\n" + USAGE);
        System.exit(2);
        return options;
      }
      options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return options;
  }

  private static int intOption(Map<String, List<String>> options, String name, int fallback) {
    return Integer.parseInt(single(options, name, Integer.toString(fallback)));
  }

  private static String single(
      Map<String, List<String>> options, String name, @Nullable String fallback) {
    List<String> values = options.get(name);
    if (values == null || values.isEmpty()) {
      if (fallback == null) {
        System.err.print("--" + name + " is required\n" + USAGE);
        System.exit(2);
      }
      return fallback;
    }
    return values.get(values.size() - 1);
  }
}
