package io.envprov.benchmarks;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Provisions one environment through the API: POST, then poll {@code GET /v1/environments/{id}}
 * until it is {@code active}. Fails on {@code failed}, on any other unexpected status and after the
 * timeout. Thread-safe.
 */
final class ApiProvisioner {

  /**
   * What one environment showed.
   *
   * @param postNanos how long the POST took
   * @param polls GETs after the POST
   * @param environmentId its id
   * @param operationId the id of its provisioning operation
   * @param serverMillis environment {@code created_at} to {@code provisioned_at}, server clock
   */
  record Sample(
      long postNanos, int polls, String environmentId, String operationId, double serverMillis) {}

  private final ControlPlaneClient client;
  private final Duration pollInterval;
  private final Duration timeout;
  private final @Nullable String driver;
  private final @Nullable String region;
  private final int waitSeconds;

  ApiProvisioner(
      ControlPlaneClient client,
      Duration pollInterval,
      Duration timeout,
      @Nullable String driver,
      @Nullable String region) {
    this(client, pollInterval, timeout, driver, region, 0);
  }

  /**
   * With {@code waitSeconds} > 0 the status is read with the API's long poll ({@code GET
   * /v1/environments/{id}?wait_seconds=}), which answers once provisioning settles, instead of
   * polling every {@code pollInterval}.
   */
  ApiProvisioner(
      ControlPlaneClient client,
      Duration pollInterval,
      Duration timeout,
      @Nullable String driver,
      @Nullable String region,
      int waitSeconds) {
    this.waitSeconds = waitSeconds;
    this.client = client;
    this.pollInterval = pollInterval;
    this.timeout = timeout;
    this.driver = driver;
    this.region = region;
  }

  Sample provision(String organizationId, String slug) throws Exception {
    long begin = System.nanoTime();
    JsonNode environment =
        client.createEnvironment(organizationId, slug, "Benchmark " + slug, driver, region);
    long posted = System.nanoTime();
    String id = environment.path("id").asString();
    String operationId = environment.path("operation").path("id").asString("");
    long deadline = begin + timeout.toNanos();
    int polls = 0;
    String status = environment.path("status").asString();
    while (!"active".equals(status)) {
      if ("failed".equals(status)) {
        throw new IllegalStateException(
            "environment "
                + slug
                + " ("
                + id
                + ") FAILED after "
                + (System.nanoTime() - begin) / 1_000_000
                + " ms: "
                + environment.path("error").asString("(no error given)")
                + " — operation /v1/operations/"
                + operationId);
      }
      if (!"provisioning".equals(status)) {
        throw new IllegalStateException(
            "environment " + slug + " (" + id + ") has unexpected status " + status);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "environment "
                + slug
                + " ("
                + id
                + ") still provisioning after "
                + timeout.toSeconds()
                + " s — operation /v1/operations/"
                + operationId);
      }
      if (waitSeconds > 0) {
        environment = client.environment(id, waitSeconds);
      } else {
        if (!pollInterval.isZero()) {
          TimeUnit.NANOSECONDS.sleep(pollInterval.toNanos());
        }
        environment = client.environment(id);
      }
      polls++;
      status = environment.path("status").asString();
    }
    JsonNode database = environment.path("database");
    OffsetDateTime activeAt =
        database.hasNonNull("provisioned_at")
            ? timestamp(database, "provisioned_at")
            : timestamp(environment, "updated_at");
    return new Sample(
        posted - begin,
        polls,
        id,
        operationId,
        millisBetween(timestamp(environment, "created_at"), activeAt));
  }

  /** Creates an organization and waits until its default environment is active. */
  String createOrganization(String slug, String name) throws Exception {
    JsonNode organization = client.createOrganization(slug, name);
    String defaultEnvironment = organization.path("default_environment").path("id").asString("");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!defaultEnvironment.isEmpty()) {
      String status = client.environment(defaultEnvironment).path("status").asString();
      if ("active".equals(status)) {
        break;
      }
      if (!"provisioning".equals(status) || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "default environment of organization " + slug + " is " + status);
      }
      Thread.sleep(5);
    }
    return organization.path("id").asString();
  }

  static OffsetDateTime timestamp(JsonNode node, String field) {
    String text = node.path(field).asString("");
    if (text.isEmpty()) {
      throw new IllegalStateException("no " + field + " in " + node);
    }
    return OffsetDateTime.parse(text);
  }

  static double millisBetween(OffsetDateTime from, OffsetDateTime to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
