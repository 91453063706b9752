package io.envprov.driver.libsql.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envprov.driver.libsql.BaselineStatements;
import io.envprov.driver.libsql.LibsqlDriverProvider;
import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.libsql.hrana.HranaStatement;
import io.envprov.libsql.testserver.LibsqlTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Measures the libSQL driver against the test server in one run, next to the test server's own cost
 * for the same work, so the ratios say what the driver adds:
 *
 * <ul>
 *   <li>provisioning (namespace + the prepared baseline in one Hrana pipeline) vs. a bare namespace
 *       create through the admin API, interleaved, with the HTTP requests (admin API and Hrana)
 *       each provision and deprovision sends;
 *   <li>a JDBC {@code SELECT ?} round trip through {@code jdbc:libsql:} vs. the same Hrana pipeline
 *       posted by hand with {@code java.net.http};
 *   <li>a 10-row JDBC transaction vs. its bare pipelines.
 * </ul>
 *
 * <p>Run: {@code provisioner/driver-libsql/bench.sh [provisions] [roundTrips]} (see the module
 * README). Timings are medians and 90th percentiles over the measured iterations, after warm-up.
 */
public final class LibsqlBenchmark {

  private static final String ADMIN_KEY = "benchmark-admin-key";

  private LibsqlBenchmark() {}

  public static void main(String[] args) throws Exception {
    int provisions = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Path directory = Files.createTempDirectory("libsql-benchmark");
    try (LibsqlTestServer server =
        LibsqlTestServer.builder(directory.resolve("sqld")).adminAuthKey(ADMIN_KEY).start()) {
      run(server, directory, provisions, roundTrips);
    } finally {
      LibsqlTestServerFiles.delete(directory);
    }
  }

  private static void run(LibsqlTestServer server, Path directory, int provisions, int roundTrips)
      throws Exception {
    ServerTarget target =
        new ServerTarget(
            "bench",
            server.adminUrl().toString(),
            null,
            ADMIN_KEY,
            Map.of("sqlUrl", server.sqlUrl().toString()),
            "bench-driver-secret-0123456789abcdef");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "libSQL driver benchmark: %d provisions, %d round trips, %d CPUs, Java %s",
            provisions,
            roundTrips,
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version")));
    try (DatabaseDriver driver =
        new LibsqlDriverProvider().create(new DriverContext(directory, Map.of()))) {
      // --- provisioning, interleaved with bare creates so that both see the same load ---
      int warmup = Math.max(3, provisions / 5);
      double[] provision = new double[provisions];
      double[] deprovision = new double[provisions];
      double[] bareCreate = new double[provisions];
      double[] byHand = new double[provisions];
      String baselinePipeline = baselinePipeline();
      long provisionRequests = 0;
      long deprovisionRequests = 0;
      for (int i = -warmup; i < provisions; i++) {
        // alternate which comes first, so that neither always runs right after a delete
        boolean bareFirst = (i & 1) == 0;
        double bare = 0;
        double hand = 0;
        if (bareFirst) {
          bare = bareCreate(http, server, null);
          hand = bareCreate(http, server, baselinePipeline);
        }
        String name = "env_" + UUID.randomUUID().toString().replace("-", "");
        long requests = requests(server);
        long start = System.nanoTime();
        driver.provision(new ProvisionRequest(name, target, Baseline.DATA_PLANE, Map.of()));
        long provisioned = System.nanoTime();
        long afterProvision = requests(server);
        driver.deprovision(new DatabaseRef(name, target));
        long end = System.nanoTime();
        long afterDeprovision = requests(server);
        if (!bareFirst) {
          bare = bareCreate(http, server, null);
          hand = bareCreate(http, server, baselinePipeline);
        }
        if (i >= 0) { // the warm-up also creates the server's key registry, once
          provision[i] = (provisioned - start) / 1e6;
          deprovision[i] = (end - provisioned) / 1e6;
          bareCreate[i] = bare;
          byHand[i] = hand;
          provisionRequests += afterProvision - requests;
          deprovisionRequests += afterDeprovision - afterProvision;
        }
      }
      report.add(line("provision (namespace + baseline)", provision));
      report.add(line("deprovision", deprovision));
      report.add(line("test server: bare namespace create", bareCreate));
      report.add(line("test server: create + baseline by hand", byHand));
      report.add(
          String.format(
              Locale.ROOT,
              "  provision / bare create = %.1fx (HTTP requests per provision: %.1f,"
                  + " per deprovision: %.1f)",
              median(provision) / median(bareCreate),
              (double) provisionRequests / provisions,
              (double) deprovisionRequests / provisions));
      report.add(
          String.format(
              Locale.ROOT,
              "  provision / (create + baseline pipeline by hand) = %.2fx",
              median(provision) / median(byHand)));

      // --- JDBC round trips ---
      String name = "env_" + UUID.randomUUID().toString().replace("-", "");
      driver.provision(new ProvisionRequest(name, target, Baseline.DATA_PLANE, Map.of()));
      DatabaseRef database = new DatabaseRef(name, target);
      ConnectionSpec spec =
          driver.connectionSpec(
              database,
              driver.issueCredential(
                  database, new CredentialRequest("bench", CredentialScope.ADMIN, null)));
      double[] jdbc = new double[roundTrips];
      double[] bare = new double[roundTrips];
      String token = spec.properties().get("password");
      String body =
          "{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT ?\","
              + "\"args\":[{\"type\":\"integer\",\"value\":\"42\"}]}},{\"type\":\"close\"}]}";
      try (Connection connection =
              DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
          PreparedStatement select = connection.prepareStatement("SELECT ?")) {
        int warm = Math.max(50, roundTrips / 5);
        for (int i = -warm; i < roundTrips; i++) {
          long start = System.nanoTime();
          select.setLong(1, 42);
          try (ResultSet rows = select.executeQuery()) {
            rows.next();
            if (rows.getLong(1) != 42) {
              throw new IllegalStateException("wrong answer");
            }
          }
          long middle = System.nanoTime();
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(server.sqlUrl() + "/v2/pipeline"))
                      .header("Authorization", "Bearer " + token)
                      .header("x-namespace", name)
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          long end = System.nanoTime();
          if (response.statusCode() != 200 || !response.body().contains("\"42\"")) {
            throw new IllegalStateException("bare pipeline failed: " + response.statusCode());
          }
          if (i >= 0) {
            jdbc[i] = (middle - start) / 1e6;
            bare[i] = (end - middle) / 1e6;
          }
        }
        report.add(line("JDBC SELECT ? (auto-commit)", jdbc));
        report.add(line("test server: same pipeline by hand", bare));
        report.add(
            String.format(
                Locale.ROOT, "  JDBC / bare pipeline = %.2fx", median(jdbc) / median(bare)));

        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE bench (id INTEGER PRIMARY KEY, v TEXT)");
        }
        int transactions = Math.max(20, roundTrips / 20);
        double[] transaction = new double[transactions];
        connection.setAutoCommit(false);
        try (PreparedStatement insert =
            connection.prepareStatement("INSERT INTO bench (v) VALUES (?)")) {
          for (int i = -5; i < transactions; i++) {
            long start = System.nanoTime();
            for (int row = 0; row < 10; row++) {
              insert.setString(1, "row " + row);
              insert.executeUpdate();
            }
            connection.commit();
            if (i >= 0) {
              transaction[i] = (System.nanoTime() - start) / 1e6;
            }
          }
        }
        connection.setAutoCommit(true);
        report.add(line("JDBC transaction, 10 inserts + commit", transaction));
        report.add(
            String.format(
                Locale.ROOT,
                "  = %.1f bare round trips (11 HTTP requests)",
                median(transaction) / median(bare)));
      }
      driver.deprovision(database);
    }
    report.forEach(System.out::println);
  }

  /**
   * Times a bare namespace create through the admin API and, with a pipeline body, the pipeline
   * posted by hand to the new namespace; deletes the namespace afterwards (not timed).
   */
  private static double bareCreate(HttpClient http, LibsqlTestServer server, String pipeline)
      throws Exception {
    String name = "bare_" + UUID.randomUUID().toString().replace("-", "");
    long start = System.nanoTime();
    admin(http, server, "POST", "/v1/namespaces/" + name + "/create", "{}");
    if (pipeline != null) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(server.sqlUrl() + "/v2/pipeline"))
                  .header("x-namespace", name)
                  .POST(HttpRequest.BodyPublishers.ofString(pipeline))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
        throw new IllegalStateException("baseline pipeline failed: " + response.body());
      }
    }
    long end = System.nanoTime();
    admin(http, server, "DELETE", "/v1/namespaces/" + name, null);
    return (end - start) / 1e6;
  }

  /** The driver's baseline transaction as a Hrana pipeline body, written out by hand. */
  private static String baselinePipeline() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode().putNull("baton");
    ArrayNode requests = body.putArray("requests");
    ArrayNode steps =
        requests.addObject().put("type", "batch").putObject("batch").putArray("steps");
    List<HranaStatement> statements = new ArrayList<>();
    statements.add(HranaStatement.of("BEGIN"));
    statements.addAll(BaselineStatements.dataPlane());
    statements.add(HranaStatement.of("COMMIT"));
    for (int i = 0; i < statements.size(); i++) {
      ObjectNode step = steps.addObject();
      if (i > 0) {
        step.putObject("condition").put("type", "ok").put("step", i - 1);
      }
      ObjectNode stmt = step.putObject("stmt").put("sql", statements.get(i).sql());
      ArrayNode args = stmt.putArray("args");
      for (Object arg : statements.get(i).args()) {
        if (arg instanceof Long number) {
          args.addObject().put("type", "integer").put("value", number.toString());
        } else {
          args.addObject().put("type", "text").put("value", String.valueOf(arg));
        }
      }
    }
    requests.addObject().put("type", "close");
    return json.writeValueAsString(body);
  }

  /** Hrana pipelines and admin API requests the server has served so far. */
  private static long requests(LibsqlTestServer server) {
    return server.pipelineCount() + server.adminRequestCount();
  }

  private static void admin(
      HttpClient http, LibsqlTestServer server, String method, String path, String body)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.adminUrl() + path))
                .header("Authorization", "Basic " + ADMIN_KEY)
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(method + " " + path + ": " + response.statusCode());
    }
  }

  private static String line(String what, double[] millis) {
    return String.format(
        Locale.ROOT,
        "%-40s median %8.3f ms   p90 %8.3f ms",
        what,
        median(millis),
        percentile(millis, 0.9));
  }

  private static double median(double[] values) {
    return percentile(values, 0.5);
  }

  private static double percentile(double[] values, double fraction) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  }
}
