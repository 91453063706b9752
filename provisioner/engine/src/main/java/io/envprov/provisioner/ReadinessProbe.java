package io.envprov.provisioner;

import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.IssuedCredential;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Proves a new database is usable the way applications will use it: a short-lived read-only
 * credential is issued, a JDBC connection is opened with it, the baseline history is read through
 * it, and the credential is revoked. An environment turns {@code active} only after this passes.
 */
public final class ReadinessProbe implements Readiness {

  private static final Duration PROBE_LIFETIME = Duration.ofMinutes(5);

  private final Clock clock;

  public ReadinessProbe(Clock clock) {
    this.clock = clock;
  }

  /**
   * The baseline version seen through a scoped connection.
   *
   * @throws DriverException when the database cannot be reached with a scoped role or has no
   *     baseline
   */
  @Override
  public String check(DatabaseDriver driver, DatabaseRef database, UUID operationId) {
    String username = "probe_" + HexFormat.of().formatHex(bytes(operationId));
    IssuedCredential credential =
        driver.issueCredential(
            database,
            new CredentialRequest(
                username, CredentialScope.READONLY, clock.instant().plus(PROBE_LIFETIME)));
    try {
      ConnectionSpec spec = driver.connectionSpec(database, credential);
      try (Connection connection =
              DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT max(version) FROM flyway_schema_history WHERE success")) {
        String version = row.next() ? row.getString(1) : null;
        if (version == null) {
          throw DriverException.permanent(
              "database " + database.databaseName() + " has no baseline recorded", null);
        }
        return version;
      } catch (SQLException e) {
        throw DriverException.transientFailure(
            "database "
                + database.databaseName()
                + " cannot be read with a read-only credential (SQLState "
                + e.getSQLState()
                + ")",
            e);
      }
    } finally {
      driver.revokeCredential(database, username);
    }
  }

  private static byte[] bytes(UUID id) {
    return java.nio.ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }
}
