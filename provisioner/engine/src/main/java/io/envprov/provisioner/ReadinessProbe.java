package io.envprov.provisioner;

import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.IssuedCredential;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Proves a new database is usable the way applications will use it: a JDBC connection is opened
 * with the environment's own (scoped) credential and the baseline history is read through it. An
 * environment turns {@code active} only after this passes.
 */
public final class ReadinessProbe implements Readiness {

  /**
   * The baseline version seen through a scoped connection.
   *
   * @throws DriverException when the database cannot be reached with the credential or has no
   *     baseline
   */
  @Override
  public String check(DatabaseDriver driver, DatabaseRef database, IssuedCredential credential) {
    ConnectionSpec spec = driver.connectionSpec(database, credential);
    try (Connection connection = DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
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
              + " cannot be read with its "
              + credential.scope().name().toLowerCase(java.util.Locale.ROOT)
              + " credential (SQLState "
              + e.getSQLState()
              + ")",
          e);
    }
  }
}
