package io.envprov.driver.libsql.bench;

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
 *   <li>provisioning (namespace + Flyway baseline over Hrana) vs. a bare namespace create through
 *       the admin API;
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
      // --- provisioning ---
      int warmup = Math.max(3, provisions / 5);
      long pipelinesBefore = server.pipelineCount();
      double[] provision = new double[provisions];
      double[] deprovision = new double[provisions];
      for (int i = -warmup; i < provisions; i++) {
        String name = "env_" + UUID.randomUUID().toString().replace("-", "");
        long start = System.nanoTime();
        driver.provision(new ProvisionRequest(name, target, Baseline.DATA_PLANE, Map.of()));
        long provisioned = System.nanoTime();
        driver.deprovision(new DatabaseRef(name, target));
        long end = System.nanoTime();
        if (i == -warmup) {
          pipelinesBefore =
              server.pipelineCount() - pipelinesBefore; // first one builds the registry
          pipelinesBefore = server.pipelineCount();
        }
        if (i >= 0) {
          provision[i] = (provisioned - start) / 1e6;
          deprovision[i] = (end - provisioned) / 1e6;
        }
      }
      long pipelinesPerProvision =
          (server.pipelineCount() - pipelinesBefore) / (provisions + warmup - 1);
      double[] bareCreate = new double[provisions];
      for (int i = -warmup; i < provisions; i++) {
        String name = "bare_" + UUID.randomUUID().toString().replace("-", "");
        long start = System.nanoTime();
        admin(http, server, "POST", "/v1/namespaces/" + name + "/create", "{}");
        long end = System.nanoTime();
        admin(http, server, "DELETE", "/v1/namespaces/" + name, null);
        if (i >= 0) {
          bareCreate[i] = (end - start) / 1e6;
        }
      }
      report.add(line("provision (namespace + baseline)", provision));
      report.add(line("deprovision", deprovision));
      report.add(line("test server: bare namespace create", bareCreate));
      report.add(
          String.format(
              Locale.ROOT,
              "  provision / bare create = %.1fx (HTTP requests per provision + deprovision: %d)",
              median(provision) / median(bareCreate),
              pipelinesPerProvision));

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
