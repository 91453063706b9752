package io.envprov.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.envprov.controlplane.support.ApiTestSupport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A server whose health check hangs shows as {@code DOWN} once the check has had {@link
 * ServerHealthChecks#TIMEOUT}, and holds the server routes no longer than that. The server is a
 * sqld stand-in that answers its liveness probe and then nothing: the driver would wait for its 30
 * s request timeout.
 */
class ServerHealthTimeoutTest extends ApiTestSupport {

  @Test
  void a_server_whose_check_hangs_is_down_after_the_health_timeout() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    HttpServer sqld = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sqld.setExecutor(Executors.newCachedThreadPool());
    sqld.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().equals("/v2")) {
            exchange.sendResponseHeaders(200, -1);
          } else {
            try {
              released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.close();
        });
    sqld.start();
    String url = "http://127.0.0.1:" + sqld.getAddress().getPort();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("driver", "libsql");
    request.put("name", "hanging-" + System.nanoTime());
    request.put("region", "nowhere-" + System.nanoTime());
    request.put("admin_url", url);
    request.put("admin_secret", "hanging-sqld-admin-key-0123456789");
    request.put("options", Map.of("sqlUrl", url));
    request.put("capacity", 1);
    String id = null;
    try {
      long started = System.nanoTime();
      JsonNode created = post("/v1/database-servers", request, 201);
      id = created.get("id").asString();

      assertThat(created.get("health").get("status").asString()).isEqualTo("DOWN");
      assertThat(created.get("health").get("detail").asString()).isEqualTo("health check failed");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(ServerHealthChecks.TIMEOUT.plusSeconds(5));

      long listed = System.nanoTime();
      JsonNode page = get("/v1/database-servers?limit=100");
      assertThat(Duration.ofNanos(System.nanoTime() - listed))
          .isLessThan(ServerHealthChecks.TIMEOUT.plusSeconds(5));
      String hanging = id;
      assertThat(page.get("items").valueStream())
          .filteredOn(server -> server.get("id").asString().equals(hanging))
          .singleElement()
          .satisfies(
              server ->
                  assertThat(server.get("health").get("detail").asString())
                      .isEqualTo("health check failed"));
    } finally {
      released.countDown();
      sqld.stop(0);
      if (id != null) {
        // Nothing else may be placed on it: the other test classes share this service.
        admin().delete().uri("/v1/database-servers/" + id).exchange().expectStatus().isNoContent();
      }
    }
  }
}
