package io.envprov.controlplane.session;

import io.envprov.controlplane.security.ApiKeys;
import io.envprov.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users, their API keys and memberships written straight into the store (the identity API is not
 * what these tests are about), and what the store then holds.
 */
final class TestUsers {

  private final TestPostgres.Database store;

  TestUsers(TestPostgres.Database store) {
    this.store = store;
  }

  /** A user with an API key of role {@code user}. */
  record User(UUID id, String apiKey) {}

  User create() {
    UUID id = UUID.randomUUID();
    String key = ApiKeys.generate();
    update(
        "INSERT INTO app_user (id, email, name, created_at) VALUES (?, ?, ?, ?)",
        id,
        "user-" + id + "@example.test",
        "User " + id,
        now());
    update(
        "INSERT INTO api_key (id, user_id, name, role, prefix, key_hash, created_at)"
            + " VALUES (?, ?, 'test', 'user', ?, ?, ?)",
        UUID.randomUUID(),
        id,
        ApiKeys.visiblePrefix(key),
        ApiKeys.hash(key),
        now());
    return new User(id, key);
  }

  void organizationRole(User user, String organizationId, String role) {
    update(
        "INSERT INTO organization_member (id, organization_id, user_id, role, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        UUID.randomUUID(),
        UUID.fromString(organizationId),
        user.id(),
        role,
        now());
  }

  void environmentRole(User user, String organizationId, String environmentId, String role) {
    // Environment roles are held on top of an organization membership (a foreign key since V7).
    update(
        "INSERT INTO organization_member (id, organization_id, user_id, role, created_at)"
            + " VALUES (?, ?, ?, 'org_member', ?) ON CONFLICT (organization_id, user_id) DO NOTHING",
        UUID.randomUUID(),
        UUID.fromString(organizationId),
        user.id(),
        now());
    update(
        "INSERT INTO environment_member"
            + " (id, environment_id, organization_id, user_id, role, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        UUID.randomUUID(),
        UUID.fromString(environmentId),
        UUID.fromString(organizationId),
        user.id(),
        role,
        now());
  }

  void update(String sql, Object... parameters) {
    try (Connection connection = store.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rows of a query, each as column name to value. */
  List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (Connection connection = store.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Map<String, Object> row = new java.util.LinkedHashMap<>();
          for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
            row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
