package io.envprov.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import io.envprov.controlplane.support.Pages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Members and credentials are keyset-paginated like environments: a list longer than a page is
 * walked to its end with no item twice and none missing, also while it grows, and a cursor this
 * service did not issue for that kind of list is a 400 problem.
 */
class ListPaginationTest extends ApiTestSupport {

  private static final Function<JsonNode, String> USER = item -> item.get("user_id").asString();
  private static final Function<JsonNode, String> ID = item -> item.get("id").asString();

  private String organizationId;
  private String environmentId;

  @BeforeEach
  void organization() {
    JsonNode organization = createOrganization(slug("pages"));
    organizationId = organization.get("id").asString();
    environmentId = organization.get("default_environment").get("id").asString();
    awaitStatus(environmentId, "active");
  }

  @Test
  void organization_members_are_walked_page_by_page_to_the_end_even_while_one_joins() {
    String path = "/v1/organizations/" + organizationId + "/members";
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      added.add(member(path + "/", "org_member"));
    }
    List<String> joinedMidWalk = new ArrayList<>();

    List<String> walked =
        Pages.walk(
            this::get,
            path,
            2,
            USER,
            () -> {
              if (joinedMidWalk.isEmpty()) {
                joinedMidWalk.add(member(path + "/", "org_member"));
              }
            });

    assertThat(walked).doesNotHaveDuplicates().containsAll(added).contains(joinedMidWalk.get(0));
    assertThat(walked).containsExactlyElementsOf(Pages.all(this::get, path, USER));
  }

  @Test
  void environment_members_are_walked_page_by_page_to_the_end() {
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String user = member("/v1/organizations/" + organizationId + "/members/", "org_member");
      added.add(user);
      admin()
          .put()
          .uri("/v1/environments/{id}/members/{user}", environmentId, user)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("role", "env_user"))
          .exchange()
          .expectStatus()
          .isOk();
    }
    String path = "/v1/environments/" + environmentId + "/members";

    List<String> walked = Pages.walk(this::get, path, 2, USER);

    assertThat(walked).doesNotHaveDuplicates().containsAll(added);
    assertThat(walked).containsExactlyElementsOf(Pages.all(this::get, path, USER));
  }

  @Test
  void credentials_are_walked_page_by_page_to_the_end() {
    String path = "/v1/environments/" + environmentId + "/credentials";
    for (int i = 0; i < 4; i++) {
      post(path, Map.of("scope", "readonly"), 201);
    }
    List<String> all = Pages.all(this::get, path, ID);
    assertThat(all).hasSizeGreaterThan(4);

    List<String> walked = Pages.walk(this::get, path, 3, ID);

    assertThat(walked).doesNotHaveDuplicates().containsExactlyElementsOf(all);
  }

  @Test
  void a_cursor_the_service_did_not_issue_or_a_limit_out_of_bounds_is_a_400_problem() {
    String nameCursor = new NameCursor("env_x").encode();
    for (String path :
        List.of(
            "/v1/organizations/" + organizationId + "/members",
            "/v1/environments/" + environmentId + "/members",
            "/v1/environments/" + environmentId + "/credentials",
            "/v1/database-servers")) {
      for (String query : List.of("cursor=not-a-cursor", "cursor=" + nameCursor, "limit=0")) {
        admin()
            .get()
            .uri(path + "?" + query)
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("validation_failed");
      }
    }
  }

  /** A new user made a member of {@code membersPath} (ending in '/') with {@code role}. */
  private String member(String membersPath, String role) {
    String user =
        post("/v1/users", Map.of("email", UUID.randomUUID() + "@example.com", "name", "paged"), 201)
            .get("id")
            .asString();
    admin()
        .put()
        .uri(membersPath + user)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("role", role))
        .exchange()
        .expectStatus()
        .isOk();
    return user;
  }
}
