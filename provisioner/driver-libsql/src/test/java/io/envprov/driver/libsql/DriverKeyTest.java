package io.envprov.driver.libsql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.libsql.auth.Ed25519Keys;
import io.envprov.libsql.auth.Jwts;
import io.envprov.libsql.hrana.HranaClient;
import java.net.URI;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sqld driver's own signing key comes from the server's random driver secret, never from the
 * admin auth key; namespaces made by earlier versions (whose key was derived from the admin key)
 * lose that key on first use; weak admin keys are refused.
 */
class DriverKeyTest {

  private static final String LEGACY_PURPOSE = "envprov/libsql/driver-key/v1";
  private static SqldFixture sqld;

  @BeforeAll
  static void start() throws Exception {
    sqld = new SqldFixture();
  }

  @AfterAll
  static void stop() {
    sqld.close();
  }

  @Test
  void aNamespaceKeyedByAnEarlierVersionLosesTheDerivedKeyOnFirstUse() throws Exception {
    String name = "env_" + UUID.randomUUID().toString().replace("-", "");
    KeyPair legacy = Ed25519Keys.derive(SqldFixture.ADMIN_KEY, LEGACY_PURPOSE);
    SqldAdmin admin =
        new SqldAdmin(
            new HttpJson(HranaClient.newHttpClient(Duration.ofSeconds(5)), Duration.ofSeconds(5)),
            sqld.server.adminUrl(),
            SqldFixture.ADMIN_KEY);
    admin.create(name, Ed25519Keys.pem(legacy.getPublic()));
    String legacyToken = Jwts.sign(legacy.getPrivate(), name, "rw", Instant.now().plusSeconds(60));
    assertThat(selectOne(name, legacyToken)).isEqualTo(1); // as earlier versions left it

    // The driver's first use of the namespace re-keys it.
    assertThat(sqld.driver.baselineVersion(new DatabaseRef(name, sqld.target))).isEmpty();

    assertThatThrownBy(() -> selectOne(name, legacyToken)).isInstanceOf(SQLException.class);
  }

  @Test
  void sqldModeNeedsADriverSecretAndRefusesWeakAdminKeys() {
    ServerTarget withoutSecret =
        new ServerTarget(
            "no-secret",
            sqld.target.adminUrl(),
            null,
            SqldFixture.ADMIN_KEY,
            sqld.target.options());
    assertThat(sqld.driver.usesDriverSecret(withoutSecret)).isTrue();
    assertThatThrownBy(
            () -> sqld.driver.exists(new DatabaseRef("env_" + "0".repeat(32), withoutSecret)))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("driver secret");
    for (String weak : new String[] {"change-me-sqld-admin-key", "admin", "CHANGEME", "short"}) {
      ServerTarget target =
          new ServerTarget("weak", sqld.target.adminUrl(), null, weak, sqld.target.options());
      assertThatThrownBy(() -> sqld.driver.validateServer(target))
          .isInstanceOf(DriverException.class)
          .hasMessageNotContaining("change-me-sqld-admin-key");
    }
    sqld.driver.validateServer(
        new ServerTarget(
            "strong",
            sqld.target.adminUrl(),
            null,
            "a-long-random-admin-key",
            Map.of("sqlUrl", "http://x")));
  }

  private static int selectOne(String namespace, String token) throws SQLException {
    Properties properties = new Properties();
    properties.put("password", token);
    URI sqlUrl = sqld.server.sqlUrl();
    try (Connection connection =
            DriverManager.getConnection(LibsqlServer.jdbcUrl(sqlUrl, namespace), properties);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
