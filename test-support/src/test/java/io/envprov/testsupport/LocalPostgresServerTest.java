package io.envprov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPostgresServerTest {

  @Test
  void a_server_of_the_installed_version_checks_every_password_and_goes_away_on_close()
      throws Exception {
    assumeTrue(LocalPostgresServer.available(15), "PostgreSQL 15 is not installed");
    LocalPostgresServer closed;
    try (LocalPostgresServer server =
        LocalPostgresServer.start(15, Map.of("max_connections", "42"))) {
      closed = server;
      try (Connection admin = server.admin("postgres")) {
        assertThat(single(admin, "SHOW server_version")).startsWith("15.");
        assertThat(single(admin, "SHOW max_connections")).isEqualTo("42");
        assertThat(single(admin, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      }
      assertThatThrownBy(() -> server.connect("postgres", LocalPostgresServer.ADMIN, "wrong"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
      server.execute("postgres", "CREATE ROLE someone LOGIN PASSWORD 'pw-of-someone'");
      try (Connection someone = server.connect("postgres", "someone", "pw-of-someone")) {
        assertThat(single(someone, "SELECT current_user")).isEqualTo("someone");
      }
    }
    assertThat(Files.exists(closed.directory())).isFalse();
    assertThatThrownBy(() -> closed.admin("postgres")).isInstanceOf(SQLException.class);
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getString(1);
    }
  }
}
