package io.envprov.dataplane.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.dataplane.DataPlaneException;
import io.envprov.dataplane.binding.NoEnvironmentBoundException;
import io.envprov.dataplane.credentials.ConnectionFacts;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.reactive.ReactorBinding;
import io.envprov.dataplane.testing.DataPlaneFixture;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import io.envprov.dataplane.testing.PostgresServer;
import io.envprov.driver.spi.CredentialScope;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class RoutingConnectionFactoryTest {

  private final DataPlaneFixture fixture = new DataPlaneFixture();
  private final CredentialStore credentials = fixture.credentials();
  private final RoutingConnectionFactory connections =
      new RoutingConnectionFactory(credentials, CredentialScope.READWRITE, PoolSettings.DEFAULTS);

  @AfterEach
  void close() {
    connections.close();
    fixture.close();
  }

  @Test
  void aConnectionRequestedWithNoEnvironmentInTheContextIsRefused() {
    assertThatThrownBy(() -> currentDatabase().block())
        .isInstanceOf(NoEnvironmentBoundException.class)
        .hasMessageContaining("No environment is bound");
  }

  @Test
  void theEnvironmentWrittenIntoTheContextPicksTheDatabase() {
    PostgresEnvironment a = fixture.environments.postgres();
    PostgresEnvironment b = fixture.environments.postgres();

    assertThat(currentDatabase().contextWrite(ReactorBinding.bind(a.id())).block())
        .isEqualTo(a.database());
    assertThat(currentDatabase().contextWrite(ReactorBinding.bind(b.id())).block())
        .isEqualTo(b.database());
  }

  @Test
  void interleavedPipelinesOfManyEnvironmentsNeverGetEachOthersConnections() {
    List<PostgresEnvironment> environments =
        List.of(
            fixture.environments.postgres(),
            fixture.environments.postgres(),
            fixture.environments.postgres());

    List<String> mismatches =
        Flux.range(0, 300)
            .flatMap(
                i -> {
                  PostgresEnvironment expected = environments.get(i % environments.size());
                  return currentDatabase()
                      .subscribeOn(Schedulers.parallel())
                      .filter(seen -> !seen.equals(expected.database()))
                      .map(seen -> expected.database() + " got " + seen)
                      .contextWrite(ReactorBinding.bind(expected.id()));
                },
                24)
            .collectList()
            .block();

    assertThat(mismatches).isEmpty();
    assertThat(connections.openPools()).isEqualTo(3);
  }

  @Test
  void aSqliteEnvironmentIsRefusedWithAPointerToTheRoutingDataSource(@TempDir Path directory) {
    UUID sqlite = fixture.environments.sqlite(directory);

    assertThatThrownBy(() -> currentDatabase().contextWrite(ReactorBinding.bind(sqlite)).block())
        .isInstanceOf(DataPlaneException.class)
        .hasMessageContaining("PostgreSQL environments only")
        .hasMessageContaining("sqlite");
  }

  @Test
  void aRejectedCredentialIsFetchedAgainOnceAndTheConnectionThenUsesTheNewOne() {
    PostgresEnvironment original = fixture.environments.postgres();
    credentials.current(new PoolKey(original.id(), CredentialScope.READWRITE));
    PostgresEnvironment rotated = fixture.environments.rotate(original);
    fixture.postgres.changePassword(original.login(), PostgresServer.randomSecret());

    String user =
        query("SELECT session_user").contextWrite(ReactorBinding.bind(original.id())).block();

    assertThat(user).isEqualTo(rotated.login());
    assertThat(fixture.controlPlane.fetches(original.id())).isEqualTo(2);
  }

  @Test
  void aCredentialRejectedAgainSurfacesWithoutTheSecret() {
    PostgresEnvironment environment = fixture.environments.postgres();
    String wrongSecret = "wrong-" + PostgresServer.randomSecret();
    ConnectionFacts real = environment.facts(fixture.postgres);
    fixture.controlPlane.serve(
        new ConnectionFacts(
            real.environmentId(),
            real.driver(),
            real.jdbcUrl(),
            real.username(),
            wrongSecret,
            real.credentialId(),
            null,
            real.properties()));

    assertThatThrownBy(
            () -> currentDatabase().contextWrite(ReactorBinding.bind(environment.id())).block())
        .isInstanceOf(R2dbcPermissionDeniedException.class)
        .hasMessageContaining("rejected again")
        .satisfies(e -> assertThat(e.toString()).doesNotContain(wrongSecret))
        .satisfies(e -> assertThat(e.getCause()).isNull());
    assertThat(fixture.controlPlane.fetches(environment.id())).isEqualTo(2);
  }

  private Mono<String> currentDatabase() {
    return query("SELECT current_database()");
  }

  private Mono<String> query(String sql) {
    return Mono.usingWhen(
        connections.create(),
        (Connection connection) ->
            Flux.from(connection.createStatement(sql).execute())
                .flatMap(result -> result.map((row, meta) -> row.get(0, String.class)))
                .single(),
        Connection::close);
  }
}
