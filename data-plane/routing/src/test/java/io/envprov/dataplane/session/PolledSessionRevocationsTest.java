package io.envprov.dataplane.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.envprov.dataplane.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The revocation feed client against a feed served over HTTP: what a logout, a feed outage and a
 * wrong service token do to the set of refused sessions.
 */
class PolledSessionRevocationsTest {

  private static final String TOKEN = "ep_data-plane-service-token";

  private final HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile List<UUID> revoked = List.of();
  private PolledSessionRevocations revocations;

  PolledSessionRevocationsTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/session-revocations",
        exchange -> {
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          String items =
              revoked.stream()
                  .map(
                      id ->
                          "{\"session_id\":\"" + id + "\",\"revoked_at\":\"2026-11-26T00:00:00Z\"}")
                  .collect(Collectors.joining(","));
          byte[] body =
              (status == 200
                      ? "{\"items\":["
                          + items
                          + "],\"window_seconds\":960,\"as_of\":\"2026-11-26T00:00:00Z\"}"
                      : "{\"code\":\"internal_error\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    if (revocations != null) {
      revocations.close();
    }
    server.stop(0);
  }

  @Test
  void theSessionsInTheFeedAreRefusedAndOnlyThoseAndTheServiceTokenIsSent() {
    UUID loggedOut = UUID.randomUUID();
    revoked = List.of(loggedOut);

    start();

    assertThat(revocations.isRevoked(loggedOut)).isTrue();
    assertThat(revocations.isRevoked(UUID.randomUUID())).isFalse();
    assertThat(authorizations).first().isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void eachPollReplacesTheSetSoSessionsOutOfTheWindowAreForgotten() throws Exception {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    revoked = List.of(first);
    start();

    revoked = List.of(second);
    revocations.refresh();

    assertThat(revocations.isRevoked(first)).isFalse();
    assertThat(revocations.isRevoked(second)).isTrue();
  }

  @Test
  void aFailingFeedKeepsTheLastSetRatherThanForgettingLogouts() {
    UUID loggedOut = UUID.randomUUID();
    revoked = List.of(loggedOut);
    start();

    status = 500;
    revoked = List.of();

    assertThatThrownBy(() -> revocations.refresh()).isInstanceOf(IOException.class);
    assertThat(revocations.isRevoked(loggedOut)).isTrue();
  }

  @Test
  void aRefusedServiceTokenIsAFailureNotAnEmptyFeed() {
    UUID loggedOut = UUID.randomUUID();
    revoked = List.of(loggedOut);
    start();

    status = 401;

    assertThatThrownBy(() -> revocations.refresh())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("401");
    assertThat(revocations.isRevoked(loggedOut)).isTrue();
  }

  /** Starts polling (hourly: the test drives later polls) and waits for the first poll. */
  private void start() {
    List<UUID> expected = revoked;
    revocations =
        new PolledSessionRevocations(
            URI.create("http://localhost:" + server.getAddress().getPort() + "/"),
            TOKEN,
            Duration.ofHours(1),
            Duration.ofSeconds(5));
    Await.until(
        "the first poll",
        Duration.ofSeconds(10),
        () -> !authorizations.isEmpty() && expected.stream().allMatch(revocations::isRevoked));
  }
}
