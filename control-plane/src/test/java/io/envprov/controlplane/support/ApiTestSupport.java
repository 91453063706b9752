package io.envprov.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The base of API tests: the service runs on a real port over a real PostgreSQL; requests go over
 * HTTP with the platform-admin key.
 */
@ControlPlaneTest
public abstract class ApiTestSupport {

  public static final String ADMIN_KEY = "ep_test-admin-key-0123456789abcdef";
  protected static final TestPostgres.Database STORE = TestPostgres.newDatabase();
  protected static final Path DATA_DIR = tempDir();
  protected static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired protected WebTestClient anonymous;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("controlplane.database.url", STORE::jdbcUrl);
    registry.add("controlplane.database.username", STORE::user);
    registry.add("controlplane.database.password", STORE::password);
    registry.add("controlplane.data-dir", DATA_DIR::toString);
    registry.add("controlplane.bootstrap-admin-key", () -> ADMIN_KEY);
  }

  /** A client that sends the platform-admin key. */
  protected WebTestClient admin() {
    return anonymous
        .mutate()
        .responseTimeout(Duration.ofSeconds(30))
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
        .build();
  }

  /**
   * A client signed in as a new data-plane service account of every organization, as a data plane
   * calls the connection broker.
   */
  protected WebTestClient dataPlane() {
    String key =
        post(
                "/v1/service-accounts",
                Map.of("name", slug("plane"), "role", "data_plane", "all_organizations", true),
                201)
            .get("key")
            .asString();
    return anonymous
        .mutate()
        .responseTimeout(Duration.ofSeconds(30))
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
        .build();
  }

  protected static String slug(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates an organization and returns the response body. */
  protected JsonNode createOrganization(String slug) {
    return post("/v1/organizations", Map.of("slug", slug, "name", "Org " + slug), 201);
  }

  /** Creates a sandbox environment in the organization and returns the 202 body. */
  protected JsonNode createEnvironment(String organizationId, String slug) {
    return post(
        "/v1/organizations/" + organizationId + "/environments",
        Map.of("slug", slug, "name", "Env " + slug, "env_type", "sandbox"),
        202);
  }

  protected JsonNode post(String path, Object body, int expectedStatus) {
    byte[] response =
        admin()
            .post()
            .uri(path)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isEqualTo(expectedStatus)
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(response);
  }

  protected JsonNode get(String path) {
    byte[] response =
        admin()
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(response);
  }

  /** Waits until the environment reaches the status, and returns it. */
  protected JsonNode awaitStatus(String environmentId, String status) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              last[0] = get("/v1/environments/" + environmentId);
              assertThat(last[0].get("status").asString()).isEqualTo(status);
            });
    return last[0];
  }

  /** The SQLite file of an environment's database. */
  protected static Path sqliteFile(String databaseName) {
    return DATA_DIR.resolve("sqlite").resolve(databaseName + ".db");
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("control-plane-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
