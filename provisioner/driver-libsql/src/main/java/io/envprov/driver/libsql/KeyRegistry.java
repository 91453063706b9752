package io.envprov.driver.libsql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which public key belongs to which credential, kept on the sqld server itself in a namespace of
 * its own (its {@code jwt_key} lists only the driver's key, so no credential of an environment can
 * read or change it). The control plane stores nothing for this.
 *
 * <p>A username may own several keys for a moment (while it is re-issued); revoking it removes all
 * of them. Rows are written before the namespace configuration and deleted after it, so a crash in
 * between leaves a key that is still revocable, never an orphan.
 */
final class KeyRegistry {

  private static final String DDL =
      "CREATE TABLE IF NOT EXISTS credential_key ("
          + " namespace text NOT NULL, username text NOT NULL, public_key text NOT NULL,"
          + " scope text NOT NULL, expires_at text, created_at text NOT NULL DEFAULT CURRENT_TIMESTAMP,"
          + " PRIMARY KEY (namespace, public_key))";

  private final LibsqlConnections registry;

  KeyRegistry(LibsqlConnections registry) {
    this.registry = registry;
  }

  void createTable() throws SQLException {
    try (Connection connection = registry.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(DDL);
    }
  }

  void add(
      String namespace,
      String username,
      String publicKeyPem,
      String scope,
      @Nullable String expiresAt)
      throws SQLException {
    try (Connection connection = registry.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT OR REPLACE INTO credential_key (namespace, username, public_key, scope,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, namespace);
      insert.setString(2, username);
      insert.setString(3, publicKeyPem);
      insert.setString(4, scope);
      insert.setString(5, expiresAt);
      insert.executeUpdate();
    }
  }

  /** The keys the username owns in the namespace. */
  List<String> keys(String namespace, String username) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Connection connection = registry.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT public_key FROM credential_key WHERE namespace = ? AND username = ?")) {
      query.setString(1, namespace);
      query.setString(2, username);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
    }
    return keys;
  }

  /** Forgets the given keys of the username. */
  void remove(String namespace, String username, List<String> keys) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    try (Connection connection = registry.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM credential_key WHERE namespace = ? AND username = ? AND public_key = ?")) {
      for (String key : keys) {
        delete.setString(1, namespace);
        delete.setString(2, username);
        delete.setString(3, key);
        delete.addBatch();
      }
      delete.executeBatch();
    }
  }

  /** Forgets every key of the namespace. */
  void removeNamespace(String namespace) throws SQLException {
    try (Connection connection = registry.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM credential_key WHERE namespace = ?")) {
      delete.setString(1, namespace);
      delete.executeUpdate();
    }
  }
}
