package io.envprov.dataplane.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.dataplane.jdbc.RoutingDataSource;
import io.envprov.dataplane.testing.DataPlaneFixture;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Credentials rotate twice during 30 s of concurrent requests, and no request fails. The only long
 * test of the data plane: it runs in real time because rotation is about live connections.
 *
 * <p>Timeline: 3 s rotate to B, 6 s drop A (its pooled sessions live on), 10 s load rises so the
 * pool must open new connections while the data plane still holds A (rejected, fetched again: B),
 * 16 s rotate to C, 19 s drop B; near 30 s the first connections reach their max lifetime and are
 * replaced (B rejected, fetched again: C). Connection facts are not refreshed in the background in
 * this test, so every switch goes through the refetch-on-rejection path.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dataplane.pool.max-size=12",
      "dataplane.pool.max-lifetime=30s",
      "dataplane.pool.connection-timeout=20s",
      "dataplane.credentials.refresh-interval=1h",
      "dataplane.credentials.min-refetch-interval=1s"
    })
class RotationUnderLoadTest {

  private static final DataPlaneFixture FIXTURE = new DataPlaneFixture();
  private static final Duration RUN = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired RoutingDataSource routing;

  @DynamicPropertySource
  static void controlPlane(DynamicPropertyRegistry registry) {
    registry.add("dataplane.control-plane-url", () -> FIXTURE.controlPlane.url().toString());
    registry.add("dataplane.service-token", FIXTURE.controlPlane::serviceToken);
  }

  @AfterAll
  static void stop() {
    FIXTURE.close();
  }

  @Test
  void credentialsRotatedTwiceDuringThirtySecondsOfConcurrentRequestsFailNoRequest()
      throws Exception {
    PostgresEnvironment a = FIXTURE.environments.postgres();
    String token = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), a.id());
    NotesClient client = new NotesClient(port);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger stored = new AtomicInteger();
    long start = System.nanoTime();
    long end = start + RUN.toNanos();
    ExecutorService clients = Executors.newFixedThreadPool(12);
    try {
      for (int i = 0; i < 3; i++) {
        clients.submit(() -> load(client, token, end, stored, failures));
      }
      sleepUntil(start, Duration.ofSeconds(3));
      PostgresEnvironment b = FIXTURE.environments.rotate(a);
      sleepUntil(start, Duration.ofSeconds(6));
      FIXTURE.environments.retire(a);
      sleepUntil(start, Duration.ofSeconds(10));
      for (int i = 0; i < 9; i++) {
        clients.submit(() -> load(client, token, end, stored, failures));
      }
      sleepUntil(start, Duration.ofSeconds(16));
      PostgresEnvironment c = FIXTURE.environments.rotate(b);
      sleepUntil(start, Duration.ofSeconds(19));
      FIXTURE.environments.retire(b);
      clients.shutdown();
      assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

      List<String> sessions = FIXTURE.postgres.sessionsOf(a.database());
      System.out.printf(
          "%d notes stored, %d failures, %d broker fetches, sessions at the end: %s%n",
          stored.get(), failures.size(), FIXTURE.controlPlane.fetches(a.id()), sessions);
      assertThat(failures).isEmpty();
      assertThat(stored.get()).isPositive();
      assertThat(notesIn(a.database()))
          .as("every acknowledged note is stored")
          .isEqualTo(stored.get());
      // Whether the pool had to open connections during the load depends on the machine's speed;
      // a pool opened now must log in with the newest credential, whatever the facts it held.
      routing.evict(a.id());
      assertThat(client.post(token, "{\"text\":\"after the load\"}").status()).isEqualTo(201);
      assertThat(FIXTURE.postgres.sessionsOf(a.database()))
          .as("a new connection logs in with the newest credential")
          .contains(c.login());
      assertThat(FIXTURE.controlPlane.fetches(a.id()))
          .as("the data plane fetched the credential again after the rotation")
          .isGreaterThanOrEqualTo(2);
    } finally {
      clients.shutdownNow();
    }
  }

  private static void load(
      NotesClient client, String token, long end, AtomicInteger stored, Queue<String> failures) {
    int n = 0;
    while (System.nanoTime() - end < 0) {
      try {
        NotesClient.Response response = client.post(token, "{\"text\":\"note " + n++ + "\"}");
        if (response.status() == 201) {
          stored.incrementAndGet();
        } else {
          failures.add(response.status() + " " + response.body());
        }
      } catch (Exception e) {
        failures.add(e.toString());
      }
    }
  }

  private static int notesIn(String database) throws Exception {
    try (Connection connection = FIXTURE.postgres.connectAsAdmin(database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM notes")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void sleepUntil(long start, Duration offset) throws InterruptedException {
    long remaining = start + offset.toNanos() - System.nanoTime();
    if (remaining > 0) {
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }
}
