package io.envprov.controlplane.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.envprov.controlplane.support.ApiTestSupport;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Sessions over real HTTP: opening, switching, closing, and which tokens the service accepts. */
class SessionApiTest extends ApiTestSupport {

  private static final TestUsers USERS = new TestUsers(STORE);

  @Autowired SigningKeys keys;

  private String organizationId;
  private String environmentId;
  private String otherEnvironmentId;

  @BeforeEach
  void organization() {
    JsonNode organization = createOrganization(slug("sessions"));
    organizationId = organization.get("id").asString();
    environmentId = organization.get("default_environment").get("id").asString();
    otherEnvironmentId = createEnvironment(organizationId, slug("other")).get("id").asString();
  }

  @Test
  void
      a_user_opens_a_session_in_an_environment_they_may_use_and_the_published_keys_verify_its_token()
          throws Exception {
    TestUsers.User user = USERS.create();
    USERS.environmentRole(user, organizationId, environmentId, "env_user");

    JsonNode session = open(user.apiKey(), environmentId, 201);

    assertThat(session.get("user_id").asString()).isEqualTo(user.id().toString());
    assertThat(session.get("organization_id").asString()).isEqualTo(organizationId);
    assertThat(session.get("active_environment_id").asString()).isEqualTo(environmentId);
    String token = session.get("token").asString();
    JWTClaimsSet claims = IndependentVerifier.verify(jwks(), token);
    assertThat(claims.getIssuer()).isEqualTo(IndependentVerifier.ISSUER);
    assertThat(claims.getSubject()).isEqualTo(user.id().toString());
    assertThat(claims.getStringClaim("sid")).isEqualTo(session.get("session_id").asString());
    assertThat(claims.getStringClaim("active_environment_id")).isEqualTo(environmentId);
    assertThat(claims.getAudience()).containsExactly("envprov-data-plane");
    assertThat(claims.getStringClaim("db_scope")).isEqualTo("readwrite");
    assertThat(session.get("scope").asString()).isEqualTo("readwrite");
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(OffsetDateTime.parse(session.get("expires_at").asString()).toInstant());
    assertThat(claims.getExpirationTime().toInstant())
        .isBefore(OffsetDateTime.parse(session.get("session_expires_at").asString()).toInstant());
    assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    // The token is for data planes: the control plane refuses it beyond the session routes.
    as(token)
        .get()
        .uri("/v1/environments/{id}", environmentId)
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("session_token_not_accepted");
    List<Map<String, Object>> rows =
        USERS.rows(
            "SELECT user_id, active_environment_id, revoked_at FROM user_session WHERE id = ?",
            UUID.fromString(session.get("session_id").asString()));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("active_environment_id")).isEqualTo(UUID.fromString(environmentId));
    assertThat(rows.get(0).get("revoked_at")).isNull();
    assertThat(auditDetails("session.opened", session.get("session_id").asString()))
        .hasSize(1)
        .allSatisfy(details -> assertThat(details).doesNotContain(token));
  }

  @Test
  void the_data_plane_configuration_is_open_and_names_the_issuer_and_audience_of_the_tokens()
      throws Exception {
    TestUsers.User user = USERS.create();
    USERS.environmentRole(user, organizationId, environmentId, "env_user");
    JWTClaimsSet claims =
        IndependentVerifier.verify(
            jwks(), open(user.apiKey(), environmentId, 201).get("token").asString());

    EntityExchangeResult<byte[]> result =
        anonymous
            .get()
            .uri("/.well-known/envprov-configuration")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult();

    assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("max-age=60");
    JsonNode configuration = JSON.readTree(result.getResponseBody());
    assertThat(configuration.get("issuer").asString()).isEqualTo(claims.getIssuer());
    assertThat(claims.getAudience())
        .containsExactly(configuration.get("session_token_audience").asString());
    assertThat(configuration.get("jwks_path").asString()).isEqualTo("/.well-known/jwks.json");
    assertThat(configuration.get("session_revocations_path").asString())
        .isEqualTo("/v1/session-revocations");
    assertThat(configuration.get("connection_path").asString())
        .isEqualTo("/v1/environments/{environment_id}/connection");
    assertThat(configuration.get("session_token_signing_alg_values").get(0).asString())
        .isEqualTo("ES256");
  }

  @Test
  void the_published_keys_are_public_halves_only_and_cacheable_for_a_minute() {
    EntityExchangeResult<byte[]> result =
        anonymous
            .get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult();
    assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("max-age=60");
    JsonNode jwks = JSON.readTree(result.getResponseBody());
    assertThat(jwks.get("keys").size()).isPositive();
    for (JsonNode key : jwks.get("keys")) {
      assertThat(key.get("kty").asString()).isEqualTo("EC");
      assertThat(key.get("crv").asString()).isEqualTo("P-256");
      assertThat(key.get("alg").asString()).isEqualTo("ES256");
      assertThat(key.get("use").asString()).isEqualTo("sig");
      assertThat(key.get("kid").asString()).isNotBlank();
      assertThat(key.has("d")).as("private part").isFalse();
    }
  }

  @Test
  void a_session_without_an_environment_names_no_environment_and_no_organization()
      throws Exception {
    TestUsers.User user = USERS.create();

    JsonNode session =
        JSON.readTree(
            as(user.apiKey())
                .post()
                .uri("/v1/sessions")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(session.get("active_environment_id").isNull()).isTrue();
    assertThat(session.get("organization_id").isNull()).isTrue();
    JWTClaimsSet claims = IndependentVerifier.verify(jwks(), session.get("token").asString());
    assertThat(claims.getClaims()).doesNotContainKey("active_environment_id");
    assertThat(claims.getClaims()).doesNotContainKey("db_scope");
  }

  @Test
  void a_viewer_opens_a_read_only_session_and_switching_follows_the_role_of_each_environment()
      throws Exception {
    TestUsers.User viewer = USERS.create();
    USERS.environmentRole(viewer, organizationId, environmentId, "env_viewer");
    USERS.environmentRole(viewer, organizationId, otherEnvironmentId, "env_user");

    JsonNode session = open(viewer.apiKey(), environmentId, 201);

    assertThat(session.get("scope").asString()).isEqualTo("readonly");
    assertThat(
            IndependentVerifier.verify(jwks(), session.get("token").asString())
                .getStringClaim("db_scope"))
        .isEqualTo("readonly");
    JsonNode switched = switchTo(session.get("token").asString(), otherEnvironmentId, 200);
    assertThat(switched.get("scope").asString()).isEqualTo("readwrite");
    assertThat(
            IndependentVerifier.verify(jwks(), switched.get("token").asString())
                .getStringClaim("db_scope"))
        .isEqualTo("readwrite");
  }

  @Test
  void
      opening_a_session_where_the_user_has_no_role_that_allows_it_is_forbidden_and_stores_nothing() {
    TestUsers.User orgMember = USERS.create();
    USERS.organizationRole(orgMember, organizationId, "org_member");
    TestUsers.User stranger = USERS.create();

    assertThat(open(orgMember.apiKey(), environmentId, 403).get("code").asString())
        .isEqualTo("forbidden");
    assertThat(open(stranger.apiKey(), environmentId, 403).get("code").asString())
        .isEqualTo("forbidden");
    assertThat(open(stranger.apiKey(), UUID.randomUUID().toString(), 403).get("code").asString())
        .isEqualTo("forbidden");
    for (TestUsers.User user : List.of(orgMember, stranger)) {
      assertThat(USERS.rows("SELECT id FROM user_session WHERE user_id = ?", user.id())).isEmpty();
    }
  }

  @Test
  void an_organization_admin_may_open_a_session_in_any_environment_of_the_organization() {
    TestUsers.User admin = USERS.create();
    USERS.organizationRole(admin, organizationId, "org_admin");

    JsonNode session = open(admin.apiKey(), otherEnvironmentId, 201);

    assertThat(session.get("organization_id").asString()).isEqualTo(organizationId);
  }

  @Test
  void a_key_of_no_user_cannot_open_a_session() {
    JsonNode problem =
        JSON.readTree(
            admin()
                .post()
                .uri("/v1/sessions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(problem.get("code").asString()).isEqualTo("forbidden");
  }

  @Test
  void
      switching_re_checks_membership_and_issues_a_token_for_the_new_environment_in_the_same_session()
          throws Exception {
    TestUsers.User user = USERS.create();
    USERS.environmentRole(user, organizationId, environmentId, "env_user");
    JsonNode session = open(user.apiKey(), environmentId, 201);
    String token = session.get("token").asString();
    String sessionId = session.get("session_id").asString();

    JsonNode refused = switchTo(token, otherEnvironmentId, 403);
    assertThat(refused.get("code").asString()).isEqualTo("forbidden");
    assertThat(activeEnvironment(sessionId)).isEqualTo(UUID.fromString(environmentId));
    assertThat(auditDetails("session.switched", sessionId)).isEmpty();

    USERS.environmentRole(user, organizationId, otherEnvironmentId, "env_maker");
    JsonNode switched = switchTo(token, otherEnvironmentId, 200);

    assertThat(switched.get("session_id").asString()).isEqualTo(sessionId);
    assertThat(switched.get("active_environment_id").asString()).isEqualTo(otherEnvironmentId);
    assertThat(switched.get("organization_id").asString()).isEqualTo(organizationId);
    String newToken = switched.get("token").asString();
    assertThat(newToken).isNotEqualTo(token);
    JWTClaimsSet claims = IndependentVerifier.verify(jwks(), newToken);
    assertThat(claims.getStringClaim("sid")).isEqualTo(sessionId);
    assertThat(claims.getStringClaim("active_environment_id")).isEqualTo(otherEnvironmentId);
    assertThat(activeEnvironment(sessionId)).isEqualTo(UUID.fromString(otherEnvironmentId));
    assertThat(auditDetails("session.switched", sessionId)).hasSize(1);
  }

  @Test
  void switching_or_closing_with_an_api_key_rather_than_a_session_token_is_forbidden() {
    TestUsers.User user = USERS.create();
    USERS.environmentRole(user, organizationId, environmentId, "env_user");

    assertThat(switchTo(user.apiKey(), environmentId, 403).get("code").asString())
        .isEqualTo("forbidden");
    as(user.apiKey()).delete().uri("/v1/sessions/current").exchange().expectStatus().isForbidden();
  }

  @Test
  void switching_needs_an_environment() {
    TestUsers.User user = USERS.create();
    String token = open(user.apiKey(), null, 201).get("token").asString();

    JsonNode problem =
        JSON.readTree(
            as(token)
                .put()
                .uri("/v1/sessions/current")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
  }

  @Test
  void after_logout_the_token_is_unauthenticated() {
    TestUsers.User user = USERS.create();
    USERS.environmentRole(user, organizationId, environmentId, "env_user");
    JsonNode session = open(user.apiKey(), environmentId, 201);
    String token = session.get("token").asString();
    switchTo(token, environmentId, 200);

    as(token).delete().uri("/v1/sessions/current").exchange().expectStatus().isNoContent();

    as(token)
        .get()
        .uri("/v1/environments/{id}", environmentId)
        .exchange()
        .expectStatus()
        .isUnauthorized();
    switchTo(token, environmentId, 401);
    as(token).delete().uri("/v1/sessions/current").exchange().expectStatus().isUnauthorized();
    assertThat(
            USERS.rows(
                "SELECT id FROM user_session WHERE id = ? AND revoked_at IS NOT NULL",
                UUID.fromString(session.get("session_id").asString())))
        .hasSize(1);
    assertThat(auditDetails("session.closed", session.get("session_id").asString())).hasSize(1);
  }

  @Test
  void a_logged_out_session_is_in_the_revocation_feed_and_an_open_one_is_not() {
    TestUsers.User user = USERS.create();
    USERS.environmentRole(user, organizationId, environmentId, "env_user");
    JsonNode closed = open(user.apiKey(), environmentId, 201);
    JsonNode stillOpen = open(user.apiKey(), environmentId, 201);
    as(closed.get("token").asString())
        .delete()
        .uri("/v1/sessions/current")
        .exchange()
        .expectStatus()
        .isNoContent();

    JsonNode feed = get("/v1/session-revocations");

    List<String> revoked = new ArrayList<>();
    feed.get("items").forEach(item -> revoked.add(item.get("session_id").asString()));
    assertThat(revoked)
        .contains(closed.get("session_id").asString())
        .doesNotContain(stillOpen.get("session_id").asString());
    // One token lifetime (15 minutes) and a minute for clock skew.
    assertThat(feed.get("window_seconds").asLong()).isEqualTo(16 * 60);
  }

  @Test
  void expired_tampered_foreign_and_unsigned_tokens_are_unauthenticated() throws Exception {
    TestUsers.User user = USERS.create();
    USERS.environmentRole(user, organizationId, environmentId, "env_user");
    JsonNode session = open(user.apiKey(), environmentId, 201);
    String token = session.get("token").asString();
    String sessionId = session.get("session_id").asString();
    SigningKeys.Signing current = keys.signing();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    String expired =
        SessionTokens.sign(
            current,
            claims(user.id().toString(), sessionId, IndependentVerifier.ISSUER)
                .issueTime(Date.from(now.minusSeconds(7200)))
                .expirationTime(Date.from(now.minusSeconds(3600)))
                .build());
    String foreignIssuer =
        SessionTokens.sign(
            current, claims(user.id().toString(), sessionId, "https://elsewhere.example").build());
    String otherUser =
        SessionTokens.sign(
            current,
            claims(UUID.randomUUID().toString(), sessionId, IndependentVerifier.ISSUER).build());
    String noAudience =
        SessionTokens.sign(
            current,
            claims(user.id().toString(), sessionId, IndependentVerifier.ISSUER)
                .audience((String) null)
                .build());
    String controlPlaneAudience =
        SessionTokens.sign(
            current,
            claims(user.id().toString(), sessionId, IndependentVerifier.ISSUER)
                .audience("envprov-control-plane")
                .build());
    String[] parts = token.split("\\.");
    String tamperedPayload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]))
                    .replace(environmentId, otherEnvironmentId)
                    .getBytes());
    String tampered = parts[0] + "." + tamperedPayload + "." + parts[2];
    ECKey stranger =
        new ECKeyGenerator(Curve.P_256)
            .keyID(SignedJWT.parse(token).getHeader().getKeyID())
            .generate();
    SignedJWT strangerSigned =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(stranger.getKeyID()).build(),
            claims(user.id().toString(), sessionId, IndependentVerifier.ISSUER).build());
    strangerSigned.sign(new ECDSASigner(stranger));
    String unsigned =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + parts[1]
            + ".";

    for (String bad :
        List.of(
            expired,
            foreignIssuer,
            otherUser,
            noAudience,
            controlPlaneAudience,
            tampered,
            strangerSigned.serialize(),
            unsigned)) {
      as(bad)
          .get()
          .uri("/v1/environments/{id}", environmentId)
          .exchange()
          .expectStatus()
          .isUnauthorized();
    }
    String jwks = jwks();
    assertThatThrownBy(() -> IndependentVerifier.verify(jwks, tampered)).isNotNull();
    // The genuine token still works: the failures above are about the forgeries.
    switchTo(token, environmentId, 200);
  }

  @Test
  void a_token_of_an_expired_session_is_unauthenticated() {
    TestUsers.User user = USERS.create();
    JsonNode session = open(user.apiKey(), null, 201);
    USERS.update(
        "UPDATE user_session SET expires_at = now() - interval '1 minute' WHERE id = ?",
        UUID.fromString(session.get("session_id").asString()));

    as(session.get("token").asString())
        .get()
        .uri("/v1/organizations")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void an_idempotent_replay_answers_with_the_session_but_never_a_token() {
    TestUsers.User user = USERS.create();
    USERS.environmentRole(user, organizationId, environmentId, "env_user");
    String key = UUID.randomUUID().toString();

    JsonNode first = openIdempotently(user.apiKey(), key, 201, null);
    JsonNode replay = openIdempotently(user.apiKey(), key, 201, "true");

    assertThat(first.has("token")).isTrue();
    assertThat(replay.has("token")).isFalse();
    assertThat(replay.get("session_id").asString()).isEqualTo(first.get("session_id").asString());
    assertThat(
            USERS.rows(
                "SELECT response_body::text AS body FROM idempotency_record WHERE idem_key = ?",
                key))
        .allSatisfy(row -> assertThat(String.valueOf(row.get("body"))).doesNotContain("token"));
    assertThat(USERS.rows("SELECT id FROM user_session WHERE user_id = ?", user.id())).hasSize(1);
  }

  @Test
  void only_platform_admins_see_and_rotate_signing_keys() {
    TestUsers.User user = USERS.create();
    String token = open(user.apiKey(), null, 201).get("token").asString();

    for (String bearer : List.of(user.apiKey(), token)) {
      as(bearer).post().uri("/v1/session-keys/rotate").exchange().expectStatus().isForbidden();
      as(bearer).get().uri("/v1/session-keys").exchange().expectStatus().isForbidden();
    }
    admin().get().uri("/v1/session-keys").exchange().expectStatus().isOk();
  }

  // ---- helpers

  private static JWTClaimsSet.Builder claims(String subject, String sessionId, String issuer) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience("envprov-data-plane")
        .subject(subject)
        .claim("sid", sessionId)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)));
  }

  private WebTestClient as(String bearer) {
    return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).build();
  }

  private JsonNode open(String bearer, String environment, int status) {
    return JSON.readTree(
        as(bearer)
            .post()
            .uri("/v1/sessions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                environment == null ? Map.of() : Map.of("active_environment_id", environment))
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private JsonNode openIdempotently(String bearer, String key, int status, String replayed) {
    EntityExchangeResult<byte[]> result =
        as(bearer)
            .post()
            .uri("/v1/sessions")
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("active_environment_id", environmentId))
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult();
    assertThat(result.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo(replayed);
    return JSON.readTree(result.getResponseBody());
  }

  private JsonNode switchTo(String bearer, String environment, int status) {
    return JSON.readTree(
        as(bearer)
            .put()
            .uri("/v1/sessions/current")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("active_environment_id", environment))
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
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

  private Object activeEnvironment(String sessionId) {
    return USERS
        .rows(
            "SELECT active_environment_id FROM user_session WHERE id = ?",
            UUID.fromString(sessionId))
        .get(0)
        .get("active_environment_id");
  }

  private List<String> auditDetails(String action, String sessionId) {
    return USERS
        .rows(
            "SELECT details::text AS details FROM audit_event WHERE action = ? AND resource_id = ?",
            action,
            UUID.fromString(sessionId))
        .stream()
        .map(row -> String.valueOf(row.get("details")))
        .toList();
  }
}
