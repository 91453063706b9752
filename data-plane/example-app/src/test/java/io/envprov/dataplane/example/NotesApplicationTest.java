package io.envprov.dataplane.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.dataplane.testing.DataPlaneFixture;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The example app over real HTTP, routed to real databases whose connections a double of the
 * control plane's HTTP serves (the end-to-end test through the real control plane comes with it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotesApplicationTest {

  private static final DataPlaneFixture FIXTURE = new DataPlaneFixture();

  @LocalServerPort int port;
  private NotesClient client;

  @DynamicPropertySource
  static void controlPlane(DynamicPropertyRegistry registry) {
    registry.add("dataplane.control-plane-url", () -> FIXTURE.controlPlane.url().toString());
    registry.add("dataplane.service-token", FIXTURE.controlPlane::serviceToken);
  }

  @AfterAll
  static void stop() {
    FIXTURE.close();
  }

  @BeforeEach
  void connect() {
    client = new NotesClient(port);
  }

  @Test
  void notesOfTwoEnvironmentsAreKeptApart() throws Exception {
    PostgresEnvironment a = FIXTURE.environments.postgres();
    PostgresEnvironment b = FIXTURE.environments.postgres();
    String alice = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), a.id());
    String bob = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), b.id());

    assertThat(client.post(alice, "{\"text\":\"a1\"}").status()).isEqualTo(201);
    assertThat(client.post(bob, "{\"text\":\"b1\"}").status()).isEqualTo(201);
    assertThat(client.post(alice, "{\"text\":\"a2\"}").status()).isEqualTo(201);

    assertThat(texts(client.list(alice))).containsExactly("a1", "a2");
    assertThat(texts(client.list(bob))).containsExactly("b1");
    FIXTURE.postgres.admin(a.database(), "SELECT 1 FROM notes");
  }

  @Test
  void aSqliteEnvironmentAndAPostgresEnvironmentServeTheSameApp() throws Exception {
    Path directory = Files.createTempDirectory("notes-sqlite");
    UUID sqlite = FIXTURE.environments.sqlite(directory);
    PostgresEnvironment postgres = FIXTURE.environments.postgres();
    String onSqlite = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), sqlite);
    String onPostgres = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), postgres.id());

    client.post(onSqlite, "{\"text\":\"in a file\"}");
    client.post(onPostgres, "{\"text\":\"in a server\"}");

    assertThat(texts(client.list(onSqlite))).containsExactly("in a file");
    assertThat(texts(client.list(onPostgres))).containsExactly("in a server");
    assertThat(directory.resolve(sqlite + ".db")).exists();
  }

  @Test
  void aCreatedNoteIsReturnedWithItsIdAndTime() throws Exception {
    PostgresEnvironment environment = FIXTURE.environments.postgres();
    String token = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), environment.id());

    NotesClient.Response created = client.post(token, "{\"text\":\"hello\"}");

    assertThat(created.status()).isEqualTo(201);
    JsonNode note = created.json();
    assertThat(note.get("text").asString()).isEqualTo("hello");
    assertThat(UUID.fromString(note.get("id").asString())).isNotNull();
    assertThat(note.get("created_at").asString()).endsWith("Z");
  }

  @Test
  void aRequestWithoutASessionTokenIsRefusedBecauseNoEnvironmentIsBound() throws Exception {
    NotesClient.Response response = client.list(null);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("code").asString()).isEqualTo("no_environment_bound");
    assertThat(response.json().get("detail").asString()).contains("No environment is bound");
  }

  @Test
  void aSessionWithoutAnActiveEnvironmentIsRefused() throws Exception {
    String token = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), null);

    NotesClient.Response response = client.post(token, "{\"text\":\"lost\"}");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("code").asString()).isEqualTo("no_environment_bound");
  }

  @Test
  void aTokenSignedBySomeoneElseIsRefusedAndTheBrokerIsNeverAsked() throws Exception {
    PostgresEnvironment environment = FIXTURE.environments.postgres();
    String forged =
        FIXTURE.controlPlane.sessionTokenSignedByAStranger(UUID.randomUUID(), environment.id());

    NotesClient.Response response = client.list(forged);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("code").asString()).isEqualTo("invalid_session_token");
    assertThat(FIXTURE.controlPlane.fetches(environment.id())).isZero();
  }

  @Test
  void aBlankNoteIsRejected() throws Exception {
    PostgresEnvironment environment = FIXTURE.environments.postgres();
    String token = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), environment.id());

    NotesClient.Response response = client.post(token, "{\"text\":\"  \"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("code").asString()).isEqualTo("invalid_note");
  }

  @Test
  void anEnvironmentTheControlPlaneCallsInactiveIsAConflict() throws Exception {
    PostgresEnvironment environment = FIXTURE.environments.postgres();
    FIXTURE.controlPlane.refuse(environment.id(), 409, "invalid_state");
    String token = FIXTURE.controlPlane.sessionToken(UUID.randomUUID(), environment.id());

    NotesClient.Response response = client.list(token);

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().get("code").asString()).isEqualTo("environment_unavailable");
  }

  private static List<String> texts(NotesClient.Response response) {
    assertThat(response.status()).isEqualTo(200);
    List<String> texts = new ArrayList<>();
    response.json().get("notes").forEach(note -> texts.add(note.get("text").asString()));
    return texts;
  }
}
