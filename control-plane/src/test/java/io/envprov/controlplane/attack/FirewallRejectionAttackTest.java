package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, item 7: paths the web firewall rejects (encoded NUL, doubled slashes, encoded slashes
 * and backslashes, dot segments) are answered like every other client error, with a problem+json
 * body and a stable code, with or without a token, never Spring's bare default.
 */
class FirewallRejectionAttackTest extends ApiTestSupport {

  @LocalServerPort int port;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/organizations/%00",
        "/v1//organizations",
        "/v1/organizations/a%2Fb",
        "/v1/organizations/a%2fb/environments",
        "/v1/organizations/a%5Cb",
        "/v1/organizations/%2e%2e/users",
        "/v1/organizations/..;/users",
        "/v1/organizations/a;jsessionid=1",
        "/actuator/health/%00"
      })
  void a_path_the_firewall_rejects_gets_a_problem_json_bad_request(String path) {
    for (boolean withToken : new boolean[] {true, false}) {
      var request = anonymous.get().uri(URI.create("http://localhost:" + port + path));
      if (withToken) {
        request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY);
      }
      EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();

      assertThat(result.getStatus().value()).as(path).isEqualTo(400);
      assertThat(result.getResponseHeaders().getContentType())
          .as(path)
          .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      byte[] body = result.getResponseBody();
      assertThat(body).as(path).isNotNull();
      JsonNode problem = JSON.readTree(body);
      assertThat(problem.get("code").asString()).isEqualTo("malformed_request");
      assertThat(problem.get("status").asInt()).isEqualTo(400);
      assertThat(new String(body, StandardCharsets.UTF_8))
          .doesNotContain("Exception")
          .doesNotContain("firewall")
          .doesNotContain("\u0000");
    }
  }
}
