package io.envprov.dataplane.example;

import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.jdbc.RoutingDataSource;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.driver.spi.CredentialScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the app's DDL in an environment with the {@code admin} scope, apart from the requests: those
 * connect with their session's scope ({@code readwrite}, or {@code readonly} for a viewer), which
 * cannot create tables. Not a {@code DataSource} bean, so the routing one stays the app's.
 */
@Component
class SchemaSetup implements DisposableBean {

  private final RoutingDataSource admin;

  SchemaSetup(CredentialStore credentials) {
    // DDL runs once per environment and process: one connection per environment is plenty.
    this.admin =
        new RoutingDataSource(
            credentials, CredentialScope.ADMIN, PoolSettings.DEFAULTS.withMaxPoolSize(1));
  }

  /** Runs {@code ddl} in the environment's database as its admin group. */
  void run(UUID environment, String ddl) throws SQLException {
    // A binding without a session's scope limit: this is the app's own work, not the user's.
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment);
        Connection connection = admin.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(ddl);
    }
  }

  @Override
  public void destroy() {
    admin.close();
  }
}
