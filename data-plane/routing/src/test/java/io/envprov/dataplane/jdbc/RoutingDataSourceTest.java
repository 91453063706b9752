package io.envprov.dataplane.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.dataplane.binding.BindingPropagation;
import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.binding.NoEnvironmentBoundException;
import io.envprov.dataplane.credentials.BrokerErrorCode;
import io.envprov.dataplane.credentials.ConnectionBrokerException;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.testing.DataPlaneFixture;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import io.envprov.driver.spi.CredentialScope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingDataSourceTest {

  private final DataPlaneFixture fixture = new DataPlaneFixture();
  private final RoutingDataSource dataSource =
      new RoutingDataSource(
          fixture.credentials(), CredentialScope.READWRITE, PoolSettings.DEFAULTS);

  @AfterEach
  void close() {
    dataSource.close();
    fixture.close();
  }

  @Test
  void aConnectionRequestedWithNoEnvironmentBoundIsRefusedWithAClearException() {
    fixture.environments.postgres();

    assertThatThrownBy(dataSource::getConnection)
        .isInstanceOf(NoEnvironmentBoundException.class)
        .hasMessageContaining("No environment is bound")
        .hasMessageContaining("no fallback database");
    assertThat(dataSource.openPools()).isZero();
  }

  @Test
  void eachBoundEnvironmentGetsAConnectionToItsOwnDatabaseAsItsOwnLogin() throws Exception {
    PostgresEnvironment a = fixture.environments.postgres();
    PostgresEnvironment b = fixture.environments.postgres();

    assertThat(EnvironmentScope.call(a.id(), this::whoAndWhere))
        .isEqualTo(a.database() + " " + a.login());
    assertThat(EnvironmentScope.call(b.id(), this::whoAndWhere))
        .isEqualTo(b.database() + " " + b.login());
    assertThat(dataSource.openPools()).isEqualTo(2);
  }

  @Test
  void noConnectionOfOneEnvironmentIsEverHandedOutForAnotherUnderConcurrency() throws Exception {
    List<PostgresEnvironment> environments = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      environments.add(fixture.environments.postgres());
    }
    ExecutorService workers = Executors.newFixedThreadPool(16);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int worker = 0; worker < 16; worker++) {
        int offset = worker;
        results.add(
            workers.submit(
                () -> {
                  List<String> mismatches = new ArrayList<>();
                  for (int i = 0; i < 200; i++) {
                    PostgresEnvironment expected =
                        environments.get((offset + i) % environments.size());
                    String seen = EnvironmentScope.call(expected.id(), this::currentDatabase);
                    if (!seen.equals(expected.database())) {
                      mismatches.add(expected.database() + " got " + seen);
                    }
                  }
                  return mismatches;
                }));
      }
      List<String> mismatches = new ArrayList<>();
      for (Future<List<String>> result : results) {
        mismatches.addAll(result.get(120, TimeUnit.SECONDS));
      }
      assertThat(mismatches).isEmpty();
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void workHandedToAnExecutorServiceIsRoutedToTheEnvironmentOfTheThreadThatSubmittedIt()
      throws Exception {
    PostgresEnvironment environment = fixture.environments.postgres();
    ExecutorService workers = BindingPropagation.propagating(Executors.newFixedThreadPool(2));
    try {
      String database =
          EnvironmentScope.call(
              environment.id(), () -> workers.submit(this::currentDatabase).get());
      assertThat(database).isEqualTo(environment.database());
      assertThatThrownBy(() -> workers.submit(this::currentDatabase).get())
          .hasCauseInstanceOf(NoEnvironmentBoundException.class);
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void sqliteEnvironmentsAreRoutedToTheirOwnFiles(@TempDir Path directory) throws Exception {
    UUID first = fixture.environments.sqlite(directory);
    UUID second = fixture.environments.sqlite(directory);
    for (UUID environment : List.of(first, second)) {
      EnvironmentScope.call(
          environment,
          () ->
              execute(
                  "CREATE TABLE notes (text TEXT)",
                  "INSERT INTO notes VALUES ('" + environment + "')"));
    }

    assertThat(EnvironmentScope.call(first, () -> single("SELECT group_concat(text) FROM notes")))
        .isEqualTo(first.toString());
    assertThat(EnvironmentScope.call(second, () -> single("SELECT group_concat(text) FROM notes")))
        .isEqualTo(second.toString());
  }

  @Test
  void anEnvironmentTheControlPlaneDoesNotKnowFailsWithTheBrokersReasonAndOpensNoPool() {
    UUID unknown = UUID.randomUUID();

    assertThatThrownBy(() -> EnvironmentScope.call(unknown, this::currentDatabase))
        .isInstanceOf(ConnectionBrokerException.class)
        .hasMessageContaining(unknown.toString())
        .hasMessageContaining("not_found")
        .satisfies(
            e ->
                assertThat(((ConnectionBrokerException) e).code())
                    .isEqualTo(BrokerErrorCode.NOT_FOUND));
    assertThat(dataSource.openPools()).isZero();
  }

  @Test
  void anEnvironmentThatIsNotActiveIsRefusedWithInvalidState() {
    PostgresEnvironment environment = fixture.environments.postgres();
    fixture.controlPlane.refuse(environment.id(), 409, "invalid_state");

    assertThatThrownBy(() -> EnvironmentScope.call(environment.id(), this::currentDatabase))
        .isInstanceOf(ConnectionBrokerException.class)
        .satisfies(
            e ->
                assertThat(((ConnectionBrokerException) e).code())
                    .isEqualTo(BrokerErrorCode.INVALID_STATE));
  }

  private String whoAndWhere() throws SQLException {
    return single("SELECT current_database() || ' ' || session_user");
  }

  private String currentDatabase() throws SQLException {
    return single("SELECT current_database()");
  }

  private String single(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private Void execute(String... sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
    return null;
  }
}
