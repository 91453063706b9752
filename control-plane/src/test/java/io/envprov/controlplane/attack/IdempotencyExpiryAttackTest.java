package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.ControlPlaneApplication;
import io.envprov.controlplane.support.ApiTestSupport;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10, item 7: {@code Idempotency-Key} records used to live forever. A client (or an attacker
 * with a key) could fill the table without bound, and a key once used was locked to its first
 * request for ever. Records now expire after {@code controlplane.idempotency.ttl} (24 h by
 * default): an expired key names a new request, and a recurring purge deletes expired records. Time
 * is moved with a clock the test controls.
 */
class IdempotencyExpiryAttackTest {

  private static final TestPostgres.Database STORE = TestPostgres.newDatabase();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicReference<Duration> AHEAD = new AtomicReference<>(Duration.ZERO);

  @TempDir static Path dataDir;
  private static ConfigurableApplicationContext service;
  private static WebTestClient admin;

  /**
   * Started here, not through the test context cache: a context of its own there would pause the
   * shared one, and moving time must touch nothing else.
   */
  @BeforeAll
  static void start() {
    String[] args = {
      "--server.port=0",
      "--controlplane.database.url=" + STORE.jdbcUrl(),
      "--controlplane.database.username=" + STORE.user(),
      "--controlplane.database.password=" + STORE.password(),
      "--controlplane.data-dir=" + dataDir,
      "--controlplane.bootstrap-admin-key=" + ApiTestSupport.ADMIN_KEY,
      "--controlplane.idempotency.purge-interval=1s"
    };
    service =
        new SpringApplicationBuilder(ControlPlaneApplication.class, MovableClock.class).run(args);
    admin =
        WebTestClient.bindToServer()
            .baseUrl(
                "http://localhost:" + service.getEnvironment().getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(30))
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ApiTestSupport.ADMIN_KEY)
            .build();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @AfterEach
  void resetClock() {
    AHEAD.set(Duration.ZERO);
  }

  @Test
  void an_idempotency_key_is_free_again_after_a_day_and_its_old_record_is_purged()
      throws SQLException {
    String key = "attack-" + UUID.randomUUID();
    String first = slug("idem-first");
    String second = slug("idem-second");

    assertThat(create(key, first).getStatus().value()).isEqualTo(201);
    EntityExchangeResult<byte[]> reused = create(key, second);
    assertThat(reused.getStatus().value()).isEqualTo(422);
    assertThat(body(reused).get("code").asString()).isEqualTo("idempotency_key_reused");

    AHEAD.set(Duration.ofHours(25));
    EntityExchangeResult<byte[]> fresh = create(key, second);
    assertThat(fresh.getStatus().value()).isEqualTo(201);
    assertThat(fresh.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    assertThat(body(fresh).get("slug").asString()).isEqualTo(second);
    // From now on the key names the new request: a retry is replayed, not run again.
    EntityExchangeResult<byte[]> retry = create(key, second);
    assertThat(retry.getStatus().value()).isEqualTo(201);
    assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(body(retry).get("id").asString()).isEqualTo(body(fresh).get("id").asString());

    // A record nobody reuses is deleted once it is older than the time to live.
    String forgotten = "attack-" + UUID.randomUUID();
    assertThat(create(forgotten, slug("idem-forgotten")).getStatus().value()).isEqualTo(201);
    assertThat(records(forgotten)).isEqualTo(1);
    AHEAD.set(Duration.ofHours(50));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(records(forgotten)).isZero());
    assertThat(records(key)).isZero();
  }

  private static String slug(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private EntityExchangeResult<byte[]> create(String key, String slug) {
    return admin
        .post()
        .uri("/v1/organizations")
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("slug", slug, "name", "Org " + slug))
        .exchange()
        .expectBody()
        .returnResult();
  }

  private static JsonNode body(EntityExchangeResult<byte[]> result) {
    return JSON.readTree(result.getResponseBody());
  }

  private static long records(String key) throws SQLException {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM idempotency_record WHERE idem_key = ?")) {
      query.setString(1, key);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** The system clock, moved ahead by {@link #AHEAD}. */
  @Configuration(proxyBeanMethods = false)
  static class MovableClock {

    @Bean
    @Primary
    Clock movableClock() {
      return new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plus(AHEAD.get());
        }
      };
    }
  }
}
