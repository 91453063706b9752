package io.envprov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

  @TempDir Path directory;

  @Test
  void every_login_needs_its_password_and_settings_apply() throws Exception {
    Path data = directory.resolve("data");
    try (EmbeddedPostgresServer server =
        EmbeddedPostgresServer.start(data, Map.of("max_connections", "42"))) {
      assertThat(server.dataDirectory()).isEqualTo(data);
      assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
      assertThat(server.postmaster()).isPresent();
      try (Connection admin = server.admin("postgres")) {
        assertThat(single(admin, "SHOW max_connections")).isEqualTo("42");
        assertThat(single(admin, "SHOW server_version")).startsWith("17.");
      }
      assertThatThrownBy(() -> server.connect("postgres", EmbeddedPostgresServer.ADMIN, "wrong"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));

      server.execute("postgres", "CREATE ROLE someone LOGIN PASSWORD 'pw-of-someone'");
      try (Connection someone = server.connect("postgres", "someone", "pw-of-someone")) {
        assertThat(single(someone, "SELECT current_user")).isEqualTo("someone");
      }
    }
  }

  @Test
  void a_chosen_password_is_the_superusers() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start("chosen-secret-1")) {
      assertThat(server.adminPassword()).isEqualTo("chosen-secret-1");
      try (Connection admin =
          server.connect("postgres", EmbeddedPostgresServer.ADMIN, "chosen-secret-1")) {
        assertThat(single(admin, "SELECT 1")).isEqualTo("1");
      }
    }
  }

  @Test
  void test_postgres_hands_out_a_fresh_database_per_caller() throws Exception {
    TestPostgres.Database first = TestPostgres.newDatabase();
    TestPostgres.Database second = TestPostgres.newDatabase();
    assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
    try (Connection connection = first.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE only_in_first (id int)");
    }
    try (Connection connection = second.connect()) {
      assertThat(
              single(
                  connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"))
          .isEqualTo("0");
    }
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
