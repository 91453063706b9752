package io.envprov.controlplane.packages;

import io.envprov.controlplane.credential.ConnectionBroker;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.SimpleDataSource;
import io.envprov.provisioner.packages.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Opens an environment's database as its {@code admin} credential, the identity package migrations
 * run as (on PostgreSQL it acts as the database's admin group, so what they create is owned like
 * the baseline). The credential is the one the connection broker serves for the scope: the newest
 * {@code admin} credential the control plane issued (at provisioning, or by rotation), its secret
 * opened from its envelope; when the environment has none left (revoked, expired), the broker
 * issues one, once, as it does for data planes. The secret stays in memory, inside the data source;
 * it is never logged, and {@link AdminDatabase#redact} takes it out of any error text.
 */
@Component
class AdminDatabases {

  private final ConnectionBroker broker;

  AdminDatabases(ConnectionBroker broker) {
    this.broker = broker;
  }

  /**
   * The environment's database, connected as admin.
   *
   * @throws io.envprov.controlplane.credential.CredentialConflict when the environment is not
   *     active
   * @throws io.envprov.controlplane.kms.KeyManagementException when the secret cannot be opened
   * @throws io.envprov.driver.spi.DriverException when a credential had to be issued and could not
   */
  AdminDatabase open(CredentialTarget target) {
    ConnectionBroker.Opened opened = broker.open(target, CredentialScope.ADMIN);
    return new AdminDatabase(opened.spec(), opened.secret(), Dialect.forDriver(target.driver()));
  }

  /** An environment's database opened as admin: a new JDBC connection per call, no pool. */
  static final class AdminDatabase extends SimpleDataSource {

    private final ConnectionSpec spec;
    private final String secret;
    private final Dialect dialect;

    private AdminDatabase(ConnectionSpec spec, String secret, Dialect dialect) {
      this.spec = spec;
      this.secret = secret;
      this.dialect = dialect;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
    }

    Dialect dialect() {
      return dialect;
    }

    /** The text with the credential's secret taken out, wherever a database echoed it. */
    String redact(String text) {
      return secret.isEmpty()
          ? text
          : text.replaceAll(Pattern.quote(secret), Matcher.quoteReplacement("***"));
    }

    @Override
    public String toString() {
      return "AdminDatabase[" + spec + "]";
    }
  }
}
