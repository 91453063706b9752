package io.envprov.controlplane.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import io.envprov.controlplane.ControlPlaneApplication;
import io.envprov.controlplane.support.ApiTestSupport;
import io.envprov.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rotating the signing key, over real HTTP, with a clock the test moves. The service is started
 * here (not through the test context cache) over a store of its own, so that moving time touches
 * nothing else.
 */
class SigningKeyRotationTest {

  private static final TestPostgres.Database STORE = TestPostgres.newDatabase();
  private static final TestUsers USERS = new TestUsers(STORE);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicReference<Duration> AHEAD = new AtomicReference<>(Duration.ZERO);

  @TempDir static Path dataDir;
  private static ConfigurableApplicationContext service;
  private static WebTestClient anonymous;
  private static SigningKeys keys;

  @BeforeAll
  static void start() {
    String[] args = {
      "--server.port=0",
      "--controlplane.database.url=" + STORE.jdbcUrl(),
      "--controlplane.database.username=" + STORE.user(),
      "--controlplane.database.password=" + STORE.password(),
      "--controlplane.data-dir=" + dataDir,
      "--controlplane.bootstrap-admin-key=" + ApiTestSupport.ADMIN_KEY
    };
    service =
        new SpringApplicationBuilder(ControlPlaneApplication.class, MovableClock.class).run(args);
    anonymous =
        WebTestClient.bindToServer()
            .baseUrl(
                "http://localhost:" + service.getEnvironment().getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(30))
            .build();
    keys = service.getBean(SigningKeys.class);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  /** The service's clock: real time, moved ahead by what the test says. */
  @Configuration(proxyBeanMethods = false)
  static class MovableClock {
    @Bean
    @Primary
    Clock sessionTestClock() {
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

  @Test
  void after_rotation_new_tokens_carry_the_new_kid_and_old_ones_verify_until_the_old_key_retires()
      throws Exception {
    String organizationId = createOrganization().get("id").asString();
    TestUsers.User user = USERS.create();
    USERS.organizationRole(user, organizationId, "org_member");
    JsonNode before = open(user);
    String oldToken = before.get("token").asString();
    String oldKid = kid(oldToken);

    JsonNode rotated =
        JSON.readTree(
            client(ApiTestSupport.ADMIN_KEY)
                .post()
                .uri("/v1/session-keys/rotate")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location("/v1/session-keys")
                .expectBody()
                .returnResult()
                .getResponseBody());
    String newKid = rotated.get("kid").asString();
    assertThat(newKid).isNotEqualTo(oldKid);

    // Both keys are published; the old token still verifies, here and independently.
    assertThat(publishedKids()).containsExactlyInAnyOrder(oldKid, newKid);
    assertThat(IndependentVerifier.verify(jwks(), oldToken).getSubject())
        .isEqualTo(user.id().toString());
    accepted(oldToken);
    JsonNode after = open(user);
    assertThat(kid(after.get("token").asString())).isEqualTo(newKid);
    accepted(after.get("token").asString());

    Map<String, JsonNode> listed = new java.util.HashMap<>();
    for (JsonNode key : get(ApiTestSupport.ADMIN_KEY, "/v1/session-keys").get("items")) {
      listed.put(key.get("kid").asString(), key);
    }
    JsonNode old = listed.get(oldKid);
    OffsetDateTime supersededAt = OffsetDateTime.parse(old.get("superseded_at").asString());
    OffsetDateTime retiredAt = OffsetDateTime.parse(old.get("retired_at").asString());
    assertThat(Duration.between(supersededAt, retiredAt)).isEqualTo(Duration.ofMinutes(15));
    assertThat(listed.get(newKid).get("superseded_at").isNull()).isTrue();
    assertThat(
            USERS.rows(
                "SELECT details::text AS details FROM audit_event WHERE action = 'session_key.rotated'"))
        .singleElement()
        .satisfies(row -> assertThat(String.valueOf(row.get("details"))).contains(newKid, oldKid));

    // Tokens that outlive their key's publication: one by the old key, one by the new.
    Instant now = Instant.now().plus(AHEAD.get()).truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet longLived =
        new JWTClaimsSet.Builder()
            .issuer(IndependentVerifier.ISSUER)
            .audience("envprov-data-plane")
            .subject(user.id().toString())
            .claim("sid", before.get("session_id").asString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .build();
    String byOldKey = SessionTokens.sign(keys.open(oldKid), longLived);
    String byNewKey = SessionTokens.sign(keys.open(newKid), longLived);
    accepted(byOldKey);

    AHEAD.set(Duration.between(Instant.now(), retiredAt.toInstant()).plusSeconds(1));

    assertThat(publishedKids()).containsExactly(newKid);
    client(byOldKey)
        .get()
        .uri("/v1/organizations/{id}", organizationId)
        .exchange()
        .expectStatus()
        .isUnauthorized();
    accepted(byNewKey);
  }

  // ---- helpers

  private JsonNode createOrganization() {
    return JSON.readTree(
        client(ApiTestSupport.ADMIN_KEY)
            .post()
            .uri("/v1/organizations")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "slug",
                    "rot-" + UUID.randomUUID().toString().substring(0, 8),
                    "name",
                    "Rotation"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  /**
   * The token authenticates: beyond the session routes that is 403 session_token_not_accepted (a
   * token that does not verify is 401).
   */
  private void accepted(String token) {
    client(token)
        .get()
        .uri("/v1/organizations")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("session_token_not_accepted");
  }

  private JsonNode open(TestUsers.User user) {
    return JSON.readTree(
        client(user.apiKey())
            .post()
            .uri("/v1/sessions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of())
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private JsonNode get(String bearer, String path) {
    return JSON.readTree(
        client(bearer)
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private WebTestClient client(String bearer) {
    return anonymous
        .mutate()
        .responseTimeout(Duration.ofSeconds(30))
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
        .build();
  }

  private String jwks() {
    return new String(
        anonymous
            .get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private List<String> publishedKids() {
    List<String> kids = new ArrayList<>();
    for (JsonNode key : JSON.readTree(jwks()).get("keys")) {
      kids.add(key.get("kid").asString());
    }
    return kids;
  }

  private static String kid(String token) {
    try {
      return JWSObject.parse(token).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
