package io.envprov.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.ControlPlaneApplication;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service started and stopped by a test, for tests about what happens across restarts or under
 * a particular configuration.
 */
public final class RunningService implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ConfigurableApplicationContext context;
  private final WebTestClient client;

  private RunningService(ConfigurableApplicationContext context) {
    this.context = context;
    String port = context.getEnvironment().getProperty("local.server.port");
    this.client =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ApiTestSupport.ADMIN_KEY)
            .build();
  }

  /** Starts the service on a random port over the store and data directory given. */
  public static RunningService start(
      TestPostgres.Database store, Path dataDir, Map<String, String> extra) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("server.port", "0");
    properties.put("controlplane.database.url", store.jdbcUrl());
    properties.put("controlplane.database.username", store.user());
    properties.put("controlplane.database.password", store.password());
    properties.put("controlplane.data-dir", dataDir.toString());
    properties.put("controlplane.bootstrap-admin-key", ApiTestSupport.ADMIN_KEY);
    properties.putAll(extra);
    // As command-line arguments: they outrank application.yaml (builder properties would not).
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new RunningService(
        new SpringApplicationBuilder(ControlPlaneApplication.class).run(args));
  }

  /** A bean of the running service, for tests that drive what a schedule would. */
  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public WebTestClient client() {
    return client;
  }

  public JsonNode post(String path, Object body, int status) {
    return JSON.readTree(
        client
            .post()
            .uri(path)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  public JsonNode get(String path) {
    return JSON.readTree(
        client
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  public JsonNode awaitStatus(String environmentId, String status) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              last[0] = get("/v1/environments/" + environmentId);
              assertThat(last[0].get("status").asString()).isEqualTo(status);
            });
    return last[0];
  }

  @Override
  public void close() {
    context.close();
  }
}
