package io.envprov.controlplane.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** With no recovery window, a delete drops the database at once, as before the window existed. */
@TestPropertySource(properties = "controlplane.environments.recovery-window=0")
class RecoveryWindowZeroTest extends ApiTestSupport {

  @Test
  void without_a_window_a_delete_drops_the_database_at_once_and_nothing_can_be_recovered() {
    String organizationId = createOrganization(slug("no-window")).get("id").asString();
    String id = createEnvironment(organizationId, slug("gone")).get("id").asString();
    String databaseName = awaitStatus(id, "active").get("database").get("database_name").asString();

    JsonNode deleted =
        JSON.readTree(
            admin()
                .delete()
                .uri("/v1/environments/" + id)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(deleted.get("status").asString()).isEqualTo("deprovisioning");
    assertThat(deleted.has("operation")).isTrue();
    assertThat(deleted.has("purge_after")).isFalse();
    awaitStatus(id, "archived");
    assertThat(sqliteFile(databaseName)).doesNotExist();
    assertThat(post("/v1/environments/" + id + "/recover", Map.of(), 409).get("code").asString())
        .isEqualTo("invalid_state");
  }
}
