package io.envprov.driver.postgres;

import io.envprov.driver.spi.ConnectionSpec;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Plain JDBC helpers for the tests. */
final class Databases {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Databases() {}

  static String newDatabaseName() {
    return "env_" + randomHex(16);
  }

  static String newUsername() {
    return "cred_" + randomHex(8);
  }

  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  static Connection connect(ConnectionSpec spec) throws SQLException {
    return DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static List<String> strings(Connection connection, String sql, Object... parameters)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
    }
    return values;
  }

  static void insertPackage(Connection connection, String packageId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sys_package_installation (id, package_id, version, status)"
                + " VALUES (?, ?, ?, ?)")) {
      insert.setObject(1, UUID.randomUUID());
      insert.setString(2, packageId);
      insert.setString(3, "1.0.0");
      insert.setString(4, "INSTALLED");
      insert.executeUpdate();
    }
  }

  static List<String> packageIds(Connection connection) throws SQLException {
    return strings(
        connection, "SELECT package_id FROM sys_package_installation ORDER BY package_id");
  }

  /** Owners of every table, view and sequence in schema public, as "name=owner". */
  static List<String> ownersInPublic(Connection connection) throws SQLException {
    return strings(
        connection,
        "SELECT c.relname || '=' || pg_get_userbyid(c.relowner) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            + " ORDER BY c.relname");
  }

  /** The roles of the server whose names start with the prefix. */
  static List<String> rolesStartingWith(Connection admin, String prefix) throws SQLException {
    return strings(
        admin, "SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?) ORDER BY 1", prefix);
  }

  /**
   * Every role a shared dependency (ownership, privilege, default privilege) in the named database
   * points at.
   */
  static List<String> rolesReferencedIn(Connection admin, String database) throws SQLException {
    return strings(
        admin,
        "SELECT DISTINCT pg_get_userbyid(d.refobjid) FROM pg_shdepend d"
            + " JOIN pg_database db ON db.oid = d.dbid"
            + " WHERE db.datname = ? AND d.refclassid = 'pg_authid'::regclass ORDER BY 1",
        database);
  }
}
