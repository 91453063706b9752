package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, item 3: a session token (which every app receives from its users) is for data planes.
 * On the control plane it reaches the session routes only, so it cannot mint a permanent API key or
 * act as the user anywhere else; keys can expire, users can be disabled at once, a user can end all
 * their sessions, and removing a member ends their sessions in the organization.
 */
class SessionTokenEscalationAttackTest extends IdentityAttackSupport {

  private String organizationId;
  private String environmentId;

  @BeforeEach
  void organization() {
    JsonNode organization = createOrganization(slug("escalation"));
    organizationId = organization.get("id").asString();
    environmentId = organization.get("default_environment").get("id").asString();
  }

  @Test
  void a_session_token_cannot_mint_an_api_key_that_outlives_the_logout() {
    User victim = user("victim");
    organizationRole(victim, organizationId, "org_member");
    environmentRole(victim, environmentId, "env_user");
    String token = openSession(victim.key(), environmentId).get("token").asString();

    JsonNode refused =
        JSON.readTree(
            as(token)
                .post()
                .uri("/v1/users/{id}/api-keys", victim.id())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "persistence"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(refused.get("code").asString()).isEqualTo("session_token_not_accepted");
    assertThat(rows("SELECT id FROM api_key WHERE user_id = ?", UUID.fromString(victim.id())))
        .hasSize(1);
  }

  @Test
  void a_session_token_of_an_organization_admin_acts_nowhere_but_on_its_session() {
    User owner = user("owner");
    organizationRole(owner, organizationId, "org_admin");
    String token = openSession(owner.key(), environmentId).get("token").asString();
    WebTestClient holder = as(token);

    List<Integer> statuses = new ArrayList<>();
    statuses.add(
        status(
            holder
                .post()
                .uri("/v1/organizations/{id}/environments", organizationId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("slug", slug("stolen"), "name", "Stolen", "env_type", "sandbox"))
                .exchange()));
    statuses.add(
        status(
            holder
                .post()
                .uri("/v1/environments/{id}/credentials", environmentId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scope", "admin"))
                .exchange()));
    statuses.add(
        status(
            holder
                .put()
                .uri("/v1/organizations/{id}/members/{user}", organizationId, owner.id())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", "org_admin"))
                .exchange()));
    statuses.add(status(holder.get().uri("/v1/organizations/{id}", organizationId).exchange()));
    statuses.add(status(holder.get().uri("/v1/users/{id}", owner.id()).exchange()));
    // Nor can it open a fresh session (a token outliving the stolen one).
    statuses.add(
        status(
            holder
                .post()
                .uri("/v1/sessions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("active_environment_id", environmentId))
                .exchange()));

    assertThat(statuses).containsOnly(403);
    assertThat(
            rows(
                "SELECT id FROM environment WHERE organization_id = ? AND slug LIKE 'stolen-%'",
                UUID.fromString(organizationId)))
        .isEmpty();
    assertThat(rows("SELECT id FROM database_credential c WHERE c.created_by LIKE ?", "%session%"))
        .isEmpty();
    // What a session is for still works: switching and logging out.
    assertThat(switchSession(token, environmentId)).isEqualTo(200);
    holder.delete().uri("/v1/sessions/current").exchange().expectStatus().isNoContent();
  }

  @Test
  void an_expired_api_key_is_refused_even_while_this_replica_remembers_it() {
    User user = user("expiring");
    OffsetDateTime soon = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3);
    JsonNode issued =
        JSON.readTree(
            as(user.key())
                .post()
                .uri("/v1/users/{id}/api-keys", user.id())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "short-lived", "expires_at", soon.toString()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody());
    String shortLived = issued.get("key").asString();
    assertThat(issued.get("expires_at").isNull()).isFalse();
    // Used once, so the key is in the authentication cache (ttl 10 s, longer than its life).
    as(shortLived).get().uri("/v1/users/{id}", user.id()).exchange().expectStatus().isOk();

    Awaitility.await()
        .atMost(Duration.ofSeconds(8))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> status(as(shortLived).get().uri("/v1/users/{id}", user.id()).exchange()) == 401);
    as(user.key()).get().uri("/v1/users/{id}", user.id()).exchange().expectStatus().isOk();

    for (String when : List.of(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString())) {
      as(user.key())
          .post()
          .uri("/v1/users/{id}/api-keys", user.id())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("expires_at", when))
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.code")
          .isEqualTo("validation_failed");
    }
  }

  @Test
  void listing_keys_shows_their_prefix_and_expiry_but_never_a_key() {
    User user = user("lister");
    List<String> keys = new ArrayList<>(List.of(user.key()));
    for (int i = 0; i < 2; i++) {
      keys.add(post("/v1/users/" + user.id() + "/api-keys", Map.of(), 201).get("key").asString());
    }
    User other = user("other");

    String firstPage =
        new String(
            as(user.key())
                .get()
                .uri("/v1/users/{id}/api-keys?limit=2", user.id())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    JsonNode page = JSON.readTree(firstPage);
    assertThat(page.get("items").size()).isEqualTo(2);
    String cursor = page.get("next_cursor").asString();
    JsonNode rest =
        JSON.readTree(
            as(user.key())
                .get()
                .uri("/v1/users/{id}/api-keys?limit=2&cursor={c}", user.id(), cursor)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(rest.get("items").size()).isEqualTo(1);
    assertThat(rest.get("next_cursor").isNull()).isTrue();
    String everything = firstPage + rest;
    for (String key : keys) {
      assertThat(everything).doesNotContain(key.substring(12));
    }
    assertThat(page.get("items").get(0).propertyNames())
        .containsExactlyInAnyOrder(
            "id", "name", "prefix", "created_at", "expires_at", "revoked_at");
    // Someone else's keys are not there to see.
    as(other.key())
        .get()
        .uri("/v1/users/{id}/api-keys", user.id())
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void disabling_a_user_stops_their_keys_and_sessions_at_once_and_data_planes_learn_it() {
    User leaver = user("leaver");
    organizationRole(leaver, organizationId, "org_member");
    environmentRole(leaver, environmentId, "env_user");
    // Remembered by this replica's caches: a recent use of the key and of the session.
    as(leaver.key()).get().uri("/v1/users/{id}", leaver.id()).exchange().expectStatus().isOk();
    JsonNode session = openSession(leaver.key(), environmentId);
    String token = session.get("token").asString();
    assertThat(switchSession(token, environmentId)).isEqualTo(200);
    User peer = user("peer");
    as(peer.key())
        .post()
        .uri("/v1/users/{id}/disable", leaver.id())
        .exchange()
        .expectStatus()
        .isForbidden();

    JsonNode disabled = post("/v1/users/" + leaver.id() + "/disable", Map.of(), 200);

    assertThat(disabled.get("disabled_at").isNull()).isFalse();
    as(leaver.key())
        .get()
        .uri("/v1/users/{id}", leaver.id())
        .exchange()
        .expectStatus()
        .isUnauthorized();
    assertThat(switchSession(token, environmentId)).isEqualTo(401);
    assertThat(revocationFeed()).contains(session.get("session_id").asString());
    assertThat(
            rows(
                "SELECT id FROM audit_event WHERE action = 'user.disabled' AND resource_id = ?",
                UUID.fromString(leaver.id())))
        .hasSize(1);
    // Disabling again changes nothing.
    assertThat(post("/v1/users/" + leaver.id() + "/disable", Map.of(), 200).get("disabled_at"))
        .isEqualTo(disabled.get("disabled_at"));
  }

  @Test
  void a_user_disabled_through_another_replica_cannot_open_a_session_with_a_key_remembered_here() {
    User leaver = user("stale");
    organizationRole(leaver, organizationId, "org_member");
    environmentRole(leaver, environmentId, "env_user");
    // This replica remembers the key (controlplane.api-key-cache-ttl)...
    as(leaver.key()).get().uri("/v1/users/{id}", leaver.id()).exchange().expectStatus().isOk();
    // ...while another replica disables the user: its transaction, straight on the shared store.
    rows(
        "UPDATE app_user SET disabled_at = now() WHERE id = ? RETURNING id",
        UUID.fromString(leaver.id()));

    JsonNode refused =
        JSON.readTree(
            as(leaver.key())
                .post()
                .uri("/v1/sessions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("active_environment_id", environmentId))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(refused.get("code").asString()).isEqualTo("unauthenticated");
    // No session the revocation feed will never name: a disabled user has none open.
    assertThat(
            rows(
                "SELECT id FROM user_session WHERE user_id = ? AND revoked_at IS NULL",
                UUID.fromString(leaver.id())))
        .isEmpty();
  }

  @Test
  void a_user_revokes_all_their_sessions_and_data_planes_learn_it() {
    User user = user("everywhere");
    organizationRole(user, organizationId, "org_member");
    environmentRole(user, environmentId, "env_user");
    JsonNode laptop = openSession(user.key(), environmentId);
    JsonNode phone = openSession(user.key(), null);
    User bystander = user("bystander");
    JsonNode untouched = openSession(bystander.key(), null);

    as(phone.get("token").asString())
        .delete()
        .uri("/v1/sessions")
        .exchange()
        .expectStatus()
        .isNoContent();

    assertThat(switchSession(laptop.get("token").asString(), environmentId)).isEqualTo(401);
    assertThat(revocationFeed())
        .contains(laptop.get("session_id").asString(), phone.get("session_id").asString())
        .doesNotContain(untouched.get("session_id").asString());
    // With an API key too (nothing left to revoke is fine).
    as(user.key()).delete().uri("/v1/sessions").exchange().expectStatus().isNoContent();
    admin().delete().uri("/v1/sessions").exchange().expectStatus().isForbidden();
  }

  @Test
  void removing_a_member_from_an_organization_ends_their_sessions_there_and_only_there() {
    User member = user("removed");
    organizationRole(member, organizationId, "org_member");
    environmentRole(member, environmentId, "env_user");
    JsonNode here = openSession(member.key(), environmentId);
    JsonNode elsewhereOrg = createOrganization(slug("elsewhere"));
    String elsewhereEnvironment = elsewhereOrg.get("default_environment").get("id").asString();
    organizationRole(member, elsewhereOrg.get("id").asString(), "org_admin");
    JsonNode there = openSession(member.key(), elsewhereEnvironment);

    admin()
        .delete()
        .uri("/v1/organizations/{id}/members/{user}", organizationId, member.id())
        .exchange()
        .expectStatus()
        .isNoContent();

    assertThat(revocationFeed())
        .contains(here.get("session_id").asString())
        .doesNotContain(there.get("session_id").asString());
    assertThat(switchSession(there.get("token").asString(), elsewhereEnvironment)).isEqualTo(200);
  }

  private static int status(WebTestClient.ResponseSpec response) {
    return response.returnResult(byte[].class).getStatus().value();
  }
}
