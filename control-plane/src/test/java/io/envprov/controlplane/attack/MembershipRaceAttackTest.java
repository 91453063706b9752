package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, item 7: an organization admin adds someone to an environment while another removes them
 * from the organization. Interleaved, the two must never leave an environment role behind without
 * the organization role it rests on (which would let a removed member keep reading the environment
 * and open sessions on it).
 */
class MembershipRaceAttackTest extends ApiTestSupport {

  private static final int PAIRS = 60;
  private static final int ROUNDS = 3;

  @LocalServerPort int port;

  @Test
  void
      adding_an_environment_member_while_removing_them_from_the_organization_leaves_no_orphan_role()
          throws SQLException {
    String organization = createOrganization(slug("race")).get("id").asString();
    List<String> environments =
        List.of(
            createEnvironment(organization, slug("race-a")).get("id").asString(),
            createEnvironment(organization, slug("race-b")).get("id").asString());
    WebClient client =
        WebClient.builder()
            .baseUrl("http://localhost:" + port)
            .defaultHeader("Authorization", "Bearer " + ADMIN_KEY)
            .build();

    List<Integer> statuses = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<String> users =
          Flux.range(0, PAIRS)
              .flatMap(i -> member(client, organization), 8)
              .collectList()
              .block(Duration.ofSeconds(60));
      // Each pair: the environment role is set while the organization role is removed.
      statuses.addAll(
          Flux.fromIterable(users)
              .flatMap(
                  user ->
                      Flux.merge(
                          Flux.fromIterable(environments)
                              .flatMap(
                                  env ->
                                      put(
                                          client,
                                          "/v1/environments/" + env + "/members/" + user,
                                          "env_user")),
                          client
                              .delete()
                              .uri("/v1/organizations/" + organization + "/members/" + user)
                              .exchangeToMono(r -> Mono.just(r.statusCode().value()))),
                  PAIRS)
              .collectList()
              .block(Duration.ofSeconds(120)));
    }

    assertThat(orphanEnvironmentMembers(organization)).isZero();
    // Every answer is a clean one: set, removed, or refused because the membership is gone.
    assertThat(statuses).allMatch(s -> s == 200 || s == 204 || s == 409);
  }

  /** A new user, made a member of the organization. */
  private static Mono<String> member(WebClient client, String organization) {
    return client
        .post()
        .uri("/v1/users")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", "race-" + UUID.randomUUID() + "@example.com", "name", "Race"))
        .retrieve()
        .bodyToMono(JsonNode.class)
        .map(user -> user.get("id").asString())
        .flatMap(
            user ->
                put(client, "/v1/organizations/" + organization + "/members/" + user, "org_member")
                    .filter(status -> status == 200)
                    .map(status -> user));
  }

  private static Mono<Integer> put(WebClient client, String path, String role) {
    return client
        .put()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("role", role))
        .exchangeToMono(response -> Mono.just(response.statusCode()))
        .map(HttpStatusCode::value);
  }

  private static long orphanEnvironmentMembers(String organization) throws SQLException {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM environment_member em WHERE em.organization_id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM organization_member om"
                    + " WHERE om.organization_id = em.organization_id"
                    + " AND om.user_id = em.user_id)")) {
      query.setObject(1, UUID.fromString(organization));
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }
}
