package io.envprov.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.controlplane.web.ApiThreads;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security chain reads the store only on the API threads, never on the event loop: with the one
 * API thread of this service and the one place in its queue held, a bearer token that must be
 * looked up (an API key, a session token) is answered 503 {@code service_unavailable}, neither let
 * through nor taken for a bad token (401), and the next request after the core is free
 * authenticates as usual.
 */
class AuthenticationOnApiThreadsTest {

  private static final TestPostgres.Database STORE = TestPostgres.newDatabase();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private static RunningService service;
  private CountDownLatch release = new CountDownLatch(0);

  @BeforeAll
  static void start() {
    service =
        RunningService.start(
            STORE,
            dataDir,
            Map.of(
                "controlplane.database.api-threads", "1", "controlplane.database.api-queue", "1"));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @AfterEach
  void freeTheCore() {
    release.countDown();
  }

  @Test
  void an_api_key_lookup_waits_for_the_core_and_answers_503_when_it_is_full() throws Exception {
    String unknown = ApiKeys.generate();
    String known = userWithKey();

    holdTheCore();
    assertUnavailable(client(unknown).get().uri("/v1/organizations").exchange());
    assertUnavailable(client(known).get().uri("/v1/organizations").exchange());

    releaseTheCore();
    client(unknown)
        .get()
        .uri("/v1/organizations")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("unauthenticated");
    // The refusal under load was not remembered as an unknown key.
    client(known).get().uri("/v1/organizations").exchange().expectStatus().isOk();
  }

  @Test
  void a_session_token_check_waits_for_the_core_and_answers_503_when_it_is_full() throws Exception {
    String token =
        JSON.readTree(
                client(userWithKey())
                    .post()
                    .uri("/v1/sessions")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .get("token")
            .asString();

    holdTheCore();
    assertUnavailable(client(token).delete().uri("/v1/sessions/current").exchange());

    releaseTheCore();
    client(token).delete().uri("/v1/sessions/current").exchange().expectStatus().isNoContent();
  }

  /**
   * Occupies the service's only API thread and the one place in its queue until the test releases
   * them (each task submitted again until the core takes it: a request just answered may still be
   * finishing on the thread).
   */
  private void holdTheCore() {
    release = new CountDownLatch(1);
    CountDownLatch running = submitHeldTask();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> running.getCount() == 0);
    submitHeldTask();
  }

  private CountDownLatch submitHeldTask() {
    ApiThreads threads = service.bean(ApiThreads.class);
    CountDownLatch released = release;
    CountDownLatch running = new CountDownLatch(1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              // A refused submission fails at once, on this thread.
              AtomicReference<Throwable> refused = new AtomicReference<>();
              threads
                  .call(
                      () -> {
                        running.countDown();
                        return released.await(60, TimeUnit.SECONDS);
                      })
                  .subscribe(done -> {}, refused::set);
              return refused.get() == null;
            });
    return running;
  }

  /** Lets the held tasks finish and waits until the core has run them. */
  private void releaseTheCore() {
    release.countDown();
    ApiThreads threads = service.bean(ApiThreads.class);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> threads.call(() -> true).block(Duration.ofSeconds(30)));
  }

  private static void assertUnavailable(WebTestClient.ResponseSpec response) {
    JsonNode problem =
        JSON.readTree(
            response
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(problem.get("code").asString()).isEqualTo("service_unavailable");
  }

  private static WebTestClient client(String bearer) {
    return service
        .client()
        .mutate()
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
        .build();
  }

  /** A user and an API key of theirs, written straight into the store. */
  private static String userWithKey() throws SQLException {
    UUID userId = UUID.randomUUID();
    String key = ApiKeys.generate();
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection connection = STORE.connect()) {
      insert(
          connection,
          "INSERT INTO app_user (id, email, name, created_at) VALUES (?, ?, ?, ?)",
          userId,
          "user-" + userId + "@example.test",
          "User",
          now);
      insert(
          connection,
          "INSERT INTO api_key (id, user_id, name, role, prefix, key_hash, created_at)"
              + " VALUES (?, ?, 'test', 'user', ?, ?, ?)",
          UUID.randomUUID(),
          userId,
          ApiKeys.visiblePrefix(key),
          ApiKeys.hash(key),
          now);
    }
    return key;
  }

  private static void insert(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }
}
