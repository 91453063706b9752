package io.envprov.controlplane.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import io.envprov.controlplane.support.TestOidcIssuer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Signing in with tokens of an external OpenID Connect issuer (a real HTTP issuer in the test:
 * discovery, a JWK set, RS256 tokens), mapped to existing users by email.
 */
class OidcSignInTest extends ApiTestSupport {

  private static final TestOidcIssuer IDP = TestOidcIssuer.start();
  private static final String CLIENT_ID = "envprov-control-plane";

  @DynamicPropertySource
  static void oidc(DynamicPropertyRegistry registry) {
    registry.add("controlplane.oidc.issuer", IDP::issuer);
    registry.add("controlplane.oidc.audience", () -> CLIENT_ID);
  }

  @AfterAll
  static void stopIssuer() {
    IDP.close();
  }

  @Test
  void a_token_of_the_issuer_acts_as_the_user_with_that_email() {
    String email = "Oidc-" + UUID.randomUUID() + "@Example.com";
    String userId = createUser(email.toLowerCase(java.util.Locale.ROOT));
    String other = createUser("other-" + UUID.randomUUID() + "@example.com");
    WebTestClient user = bearer(IDP.token(email, CLIENT_ID));

    user.get().uri("/v1/users/" + userId).exchange().expectStatus().isOk();
    // A user, not an admin: another user's record and platform routes stay closed.
    user.get().uri("/v1/users/" + other).exchange().expectStatus().isNotFound();
    user.get().uri("/v1/kms/keys").exchange().expectStatus().isForbidden();
  }

  @Test
  void a_user_signed_in_by_the_issuer_creates_an_organization_and_opens_a_session_in_it() {
    String email = "founder-" + UUID.randomUUID() + "@example.com";
    createUser(email);
    WebTestClient user = bearer(IDP.token(email, CLIENT_ID));

    byte[] created =
        user.post()
            .uri("/v1/organizations")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("slug", slug("oidc"), "name", "Signed in"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode organization = JSON.readTree(created);
    String environment =
        get("/v1/organizations/" + organization.get("id").asString() + "/environments")
            .get("items")
            .get(0)
            .get("id")
            .asString();
    awaitStatus(environment, "active");

    user.post()
        .uri("/v1/sessions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("active_environment_id", environment))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.token")
        .isNotEmpty();
  }

  @Test
  void tokens_the_issuer_did_not_sign_for_us_for_a_known_user_are_unauthenticated() {
    String email = "refused-" + UUID.randomUUID() + "@example.com";
    createUser(email);
    Instant soon = Instant.now().plusSeconds(300);

    assertUnauthenticated(IDP.tokenSignedByAStranger(email, CLIENT_ID));
    assertUnauthenticated(IDP.token(email, "another-client"));
    assertUnauthenticated(
        IDP.token(
            IDP.issuer(),
            CLIENT_ID,
            Instant.now().minusSeconds(120),
            Map.of("email", email, "email_verified", true)));
    assertUnauthenticated(
        IDP.token(IDP.issuer(), CLIENT_ID, soon, Map.of("email", email, "email_verified", false)));
    assertUnauthenticated(IDP.token(IDP.issuer(), CLIENT_ID, soon, Map.of()));
    assertUnauthenticated(
        IDP.token(
            "http://elsewhere.example",
            CLIENT_ID,
            soon,
            Map.of("email", email, "email_verified", true)));
  }

  @Test
  void a_valid_token_for_an_email_of_no_user_is_unauthenticated_and_creates_no_user()
      throws Exception {
    String email = "stranger-" + UUID.randomUUID() + "@example.com";

    assertUnauthenticated(IDP.token(email, CLIENT_ID));
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT count(*) FROM app_user WHERE email = ?")) {
      query.setString(1, email);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
    }
  }

  private void assertUnauthenticated(String token) {
    bearer(token)
        .get()
        .uri("/v1/organizations")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("unauthenticated");
  }

  private String createUser(String email) {
    return post("/v1/users", Map.of("email", email, "name", "OIDC user"), 201).get("id").asString();
  }

  private WebTestClient bearer(String token) {
    return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
  }
}
