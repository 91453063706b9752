package io.envprov.controlplane.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.support.ApiTestSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Credentials of SQLite environments: SQLite checks no password, so the scope is what the
 * connection properties open the file with.
 */
class SqliteCredentialsTest extends ApiTestSupport {

  @Test
  void a_readonly_credential_opens_the_file_read_only_and_a_readwrite_one_can_write()
      throws Exception {
    String environment = activeEnvironment();

    JsonNode readonly = post(credentials(environment), Map.of("scope", "readonly"), 201);
    JsonNode readwrite = post(credentials(environment), Map.of("scope", "readwrite"), 201);

    try (Connection connection = connect(readwrite)) {
      connection
          .createStatement()
          .execute(
              "INSERT INTO sys_package_installation (id, package_id, version, status)"
                  + " VALUES ('p1', 'pkg.one', '1', 'installed')");
    }
    try (Connection connection = connect(readonly)) {
      assertThat(
              connection
                  .createStatement()
                  .executeQuery("SELECT count(*) FROM sys_package_installation")
                  .getInt(1))
          .isEqualTo(1);
      assertThatThrownBy(
              () -> connection.createStatement().execute("DELETE FROM sys_package_installation"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("readonly");
    }
  }

  @Test
  void an_idempotent_retry_of_an_issue_answers_without_the_secret_and_issues_nothing_more() {
    String environment = activeEnvironment();
    int before = get(credentials(environment)).get("items").size();

    String key = "issue-once-" + System.nanoTime();
    JsonNode first = issueWithKey(environment, key, "false");
    JsonNode replay = issueWithKey(environment, key, "true");

    assertThat(first.get("secret").asString()).isNotBlank();
    assertThat(replay.get("id")).isEqualTo(first.get("id"));
    assertThat(replay.has("secret")).isFalse();
    assertThat(get(credentials(environment)).get("items").size()).isEqualTo(before + 1);
  }

  @Test
  void a_suspended_environment_gets_no_new_credential() {
    String environment = activeEnvironment();
    post("/v1/environments/" + environment + "/suspend", Map.of(), 200);

    admin()
        .post()
        .uri(credentials(environment))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("scope", "readwrite"))
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("invalid_state");
  }

  @Test
  void data_planes_asking_at_once_for_a_scope_without_a_credential_share_one() throws Exception {
    String environment = activeEnvironment();
    String key =
        post(
                "/v1/service-accounts",
                Map.of("name", "data plane", "role", "data_plane", "all_organizations", true),
                201)
            .get("key")
            .asString();
    WebTestClient dataPlane =
        anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
    int askers = 6;
    CyclicBarrier start = new CyclicBarrier(askers);
    ExecutorService pool = Executors.newFixedThreadPool(askers);
    try {
      List<Future<JsonNode>> answers = new ArrayList<>();
      for (int i = 0; i < askers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return JSON.readTree(
                      dataPlane
                          .get()
                          .uri("/v1/environments/" + environment + "/connection?scope=readonly")
                          .exchange()
                          .expectStatus()
                          .isOk()
                          .expectBody()
                          .returnResult()
                          .getResponseBody());
                }));
      }
      Set<String> served = new HashSet<>();
      for (Future<JsonNode> answer : answers) {
        served.add(answer.get(60, TimeUnit.SECONDS).get("credential_id").asString());
      }

      assertThat(served).hasSize(1);
      List<String> readonly = new ArrayList<>();
      get(credentials(environment))
          .get("items")
          .forEach(
              item -> {
                if (item.get("scope").asString().equals("readonly")) {
                  readonly.add(item.get("id").asString());
                }
              });
      assertThat(readonly).containsExactlyElementsOf(served);
    } finally {
      pool.shutdownNow();
    }
  }

  private JsonNode issueWithKey(String environment, String key, String replayed) {
    org.springframework.test.web.reactive.server.EntityExchangeResult<byte[]> result =
        admin()
            .post()
            .uri(credentials(environment))
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("scope", "readonly"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult();
    assertThat(String.valueOf(result.getResponseHeaders().getFirst("Idempotent-Replayed")))
        .isEqualTo(replayed.equals("true") ? "true" : "null");
    return JSON.readTree(result.getResponseBody());
  }

  private String activeEnvironment() {
    String organization = createOrganization(slug("lite-cred")).get("id").asString();
    String environment = createEnvironment(organization, slug("env")).get("id").asString();
    awaitStatus(environment, "active");
    return environment;
  }

  private static String credentials(String environment) {
    return "/v1/environments/" + environment + "/credentials";
  }

  private static Connection connect(JsonNode credential) throws SQLException {
    JsonNode connection = credential.get("connection");
    Properties properties = new Properties();
    connection
        .get("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asString()));
    return DriverManager.getConnection(connection.get("jdbc_url").asString(), properties);
  }
}
