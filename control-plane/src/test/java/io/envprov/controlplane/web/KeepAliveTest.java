package io.envprov.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * HTTP/1.1 keep-alive: clients reuse one connection for request after request, and the service must
 * read every one of them, whichever thread answered the one before.
 */
class KeepAliveTest extends ApiTestSupport {

  private static final Duration PATIENCE = Duration.ofSeconds(5);

  @Test
  void a_connection_keeps_serving_when_a_refused_request_follows_one_answered_off_the_event_loop() {
    String user =
        post(
                "/v1/users",
                Map.of("email", "keepalive-" + UUID.randomUUID() + "@example.com", "name", "k"),
                201)
            .get("id")
            .asString();
    String key = post("/v1/users/" + user + "/api-keys", Map.of(), 201).get("key").asString();
    // The same connector (and so the same pooled connection) serves both principals, as in a
    // client that multiplexes users over one keep-alive connection.
    WebTestClient admin = admin().mutate().responseTimeout(PATIENCE).build();
    WebTestClient member =
        anonymous
            .mutate()
            .responseTimeout(PATIENCE)
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
            .build();

    List<String> stalls = new ArrayList<>();
    for (int round = 0; round < 200 && stalls.isEmpty(); round++) {
      // Answered on a worker thread (the KMS key list reads the key store off the event loop)...
      status(admin, 200, round, stalls);
      // ...then refused at once by the security filter, twice.
      status(member, 403, round, stalls);
      status(member, 403, round, stalls);
    }
    assertThat(stalls).isEmpty();
  }

  private static void status(WebTestClient client, int expected, int round, List<String> stalls) {
    try {
      client.get().uri("/v1/kms/keys").exchange().expectStatus().isEqualTo(expected);
    } catch (IllegalStateException e) {
      stalls.add("round " + round + ": " + e.getMessage());
    }
  }
}
