package io.envprov.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few control-plane routes the benchmarks use, over {@link HttpClient} (HTTP/1.1, kept-alive
 * connections). Thread-safe. Unexpected status codes throw {@link ApiFailure} quoting the body.
 */
final class ControlPlaneClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final ObjectMapper json;
  private final URI base;
  private final String authorization;

  ControlPlaneClient(HttpClient http, ObjectMapper json, URI base, String apiKey) {
    this.http = http;
    this.json = json;
    this.base = base;
    this.authorization = "Bearer " + apiKey;
  }

  /** {@code POST /v1/organizations}; expects 201. */
  JsonNode createOrganization(String slug, String name) throws IOException, InterruptedException {
    ObjectNode body = json.createObjectNode().put("slug", slug).put("name", name);
    return send(post("/v1/organizations", body), 201);
  }

  /** {@code POST /v1/organizations/{org}/environments} of a sandbox; expects 202. */
  JsonNode createEnvironment(String organizationId, String slug, String name)
      throws IOException, InterruptedException {
    ObjectNode body =
        json.createObjectNode().put("slug", slug).put("name", name).put("env_type", "sandbox");
    return send(post("/v1/organizations/" + organizationId + "/environments", body), 202);
  }

  /**
   * {@code POST /v1/organizations/{org}/environments} of a sandbox on the given driver and region
   * (null: the service's defaults); expects 202.
   */
  JsonNode createEnvironment(
      String organizationId,
      String slug,
      String name,
      @Nullable String driver,
      @Nullable String region)
      throws IOException, InterruptedException {
    ObjectNode body =
        json.createObjectNode().put("slug", slug).put("name", name).put("env_type", "sandbox");
    if (driver != null) {
      body.put("driver", driver);
    }
    if (region != null) {
      body.put("region", region);
    }
    return send(post("/v1/organizations/" + organizationId + "/environments", body), 202);
  }

  /**
   * {@code POST /v1/database-servers}; expects 201.
   *
   * @param server the request body ({@code driver}, {@code region}, {@code name}, {@code
   *     admin_url}, {@code admin_username}, {@code admin_secret}, {@code capacity})
   */
  JsonNode createDatabaseServer(ObjectNode server) throws IOException, InterruptedException {
    return send(post("/v1/database-servers", server), 201);
  }

  /** {@code GET /v1/database-servers/{id}}; expects 200. */
  JsonNode databaseServer(String id) throws IOException, InterruptedException {
    return send(get("/v1/database-servers/" + id), 200);
  }

  /** {@code GET /v1/environments/{id}}; expects 200. */
  JsonNode environment(String id) throws IOException, InterruptedException {
    return send(get("/v1/environments/" + id), 200);
  }

  /** {@code GET /v1/environments/{id}?wait_seconds=}: answers once provisioning settles. */
  JsonNode environment(String id, int waitSeconds) throws IOException, InterruptedException {
    return send(get("/v1/environments/" + id + "?wait_seconds=" + waitSeconds), 200);
  }

  /** {@code GET} of any path (with its query); expects 200. */
  JsonNode read(String pathAndQuery) throws IOException, InterruptedException {
    return send(get(pathAndQuery), 200);
  }

  /** Any request with a JSON body; expects {@code expected}. */
  JsonNode send(String method, String path, JsonNode body, int expected)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build();
    return send(request, expected);
  }

  /** {@code DELETE} of a path; expects {@code expected} and ignores the body. */
  void delete(String path, int expected) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .DELETE()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new ApiFailure(
          "DELETE " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** {@code GET /v1/operations/{id}}; expects 200. */
  JsonNode operation(String id) throws IOException, InterruptedException {
    return send(get("/v1/operations/" + id), 200);
  }

  private HttpRequest post(String path, JsonNode body) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
        .build();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  private JsonNode send(HttpRequest request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new ApiFailure(
          request.method()
              + " "
              + request.uri().getPath()
              + " answered "
              + response.statusCode()
              + " (expected "
              + expected
              + "): "
              + response.body());
    }
    return json.readTree(response.body());
  }

  /** The service answered something other than what the benchmark expects. */
  static final class ApiFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApiFailure(String message) {
      super(message);
    }
  }
}
