package io.envprov.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * The headers of the POSTs that create something: 201 with the new resource's {@code Location}, and
 * for those that issue an API key, {@code Cache-Control: no-store} and a replay without the key.
 */
class CreatedResponsesTest extends ApiTestSupport {

  @Test
  void a_user_and_a_database_server_are_created_at_their_location() {
    var user = create("/v1/users", Map.of("email", slug("created") + "@example.test", "name", "C"));
    assertThat(user.getResponseHeaders().getLocation())
        .hasToString("/v1/users/" + body(user).get("id").asString());

    var server =
        create(
            "/v1/database-servers",
            Map.of(
                "driver",
                "postgres",
                "name",
                slug("created"),
                "region",
                slug("nowhere"),
                "admin_url",
                "jdbc:postgresql://localhost:1/postgres",
                "admin_username",
                "postgres",
                "capacity",
                1));
    String serverId = body(server).get("id").asString();
    assertThat(server.getResponseHeaders().getLocation())
        .hasToString("/v1/database-servers/" + serverId);
    admin()
        .delete()
        .uri("/v1/database-servers/" + serverId)
        .exchange()
        .expectStatus()
        .isNoContent();
  }

  @Test
  void an_issued_api_key_is_never_cached_and_a_replay_answers_without_it() {
    String userId =
        post("/v1/users", Map.of("email", slug("keys") + "@example.test", "name", "K"), 201)
            .get("id")
            .asString();
    String idempotencyKey = UUID.randomUUID().toString();

    var first = create("/v1/users/" + userId + "/api-keys", Map.of(), idempotencyKey);
    var replay = create("/v1/users/" + userId + "/api-keys", Map.of(), idempotencyKey);

    assertThat(first.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(first.getResponseHeaders().getLocation()).isNull();
    assertThat(body(first).get("key").asString()).startsWith("ep_");
    assertThat(replay.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(body(replay).get("id")).isEqualTo(body(first).get("id"));
    assertThat(body(replay).has("key")).isFalse();

    var account =
        create(
            "/v1/service-accounts",
            Map.of("name", slug("account"), "role", "data_plane", "all_organizations", true),
            null);
    assertThat(account.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(body(account).get("key").asString()).startsWith("ep_");
  }

  private EntityExchangeResult<byte[]> create(String path, Object body) {
    return create(path, body, null);
  }

  private EntityExchangeResult<byte[]> create(
      String path, Object body, @Nullable String idempotencyKey) {
    return admin()
        .post()
        .uri(path)
        .headers(
            headers -> {
              if (idempotencyKey != null) {
                headers.set(Idempotency.HEADER, idempotencyKey);
              }
            })
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .returnResult();
  }

  private static JsonNode body(EntityExchangeResult<byte[]> result) {
    return JSON.readTree(result.getResponseBody());
  }
}
