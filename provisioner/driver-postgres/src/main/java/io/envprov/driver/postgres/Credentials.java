package io.envprov.driver.postgres;

import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.DatabaseName;
import io.envprov.driver.spi.IssuedCredential;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials: one LOGIN role per credential, a member of exactly one of its database's groups,
 * whose sessions start as that group.
 *
 * <p>Issuing one costs three round trips on a pooled admin connection (the lock with a state query,
 * one transaction creating or altering the role, the release of the lock) and no login; revoking
 * one costs the same unless the role owns objects in the database, which then takes a connection to
 * it.
 */
final class Credentials {

  private static final Logger log = LoggerFactory.getLogger(Credentials.class);

  private static final int SECRET_BYTES = 32;
  private static final String DEPENDENT_OBJECTS = "2BP01";

  private final SecureRandom random = new SecureRandom();

  /** A new random secret: 32 bytes, base64url. */
  String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  IssuedCredential issue(
      PostgresServer server, PostgresNames names, CredentialRequest request, String secret)
      throws SQLException {
    String name = names.database();
    String username = request.username();
    String group = names.group(request.scope());
    String action = "issue credential " + username + " for";
    try (AdminSession admin = AdminSession.open(server)) {
      List<@Nullable String> state =
          admin.lockThenRead(
              List.of(name),
              List.of(),
              "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = "
                  + Sql.literal(name)
                  + "), "
                  + AdminSession.rolesExpression(names.groups())
                  + ", EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = "
                  + Sql.literal(username)
                  + "), "
                  + groupsOfExpression(username));
      if (!"t".equals(state.get(0))) {
        throw PostgresErrors.permanent(action, name, server.id(), "the database does not exist");
      }
      if (AdminSession.rolesFound(state.get(1)).size() != names.groups().size()) {
        throw PostgresErrors.permanent(
            action,
            name,
            server.id(),
            "its group roles are missing (the database is not fully provisioned)");
      }
      boolean exists = "t".equals(state.get(2));
      List<String> groups = split(state.get(3));
      if (exists && !isCredentialOf(names, groups)) {
        throw PostgresErrors.permanent(
            action,
            name,
            server.id(),
            "a role named "
                + username
                + " already exists on the server and is not a credential of this database");
      }
      Instant expiresAt = request.expiresAt();
      String validUntil = Sql.literal(expiresAt == null ? "infinity" : expiresAt.toString());
      String verifier = Sql.scramVerifier(secret);
      List<String> statements = new ArrayList<>();
      String role = Sql.ident(username);
      if (!exists) {
        statements.add(
            "CREATE ROLE "
                + role
                + " LOGIN IN ROLE "
                + Sql.ident(group)
                + " VALID UNTIL "
                + validUntil
                + " PASSWORD "
                + Sql.literal(verifier));
      } else {
        if (!groups.contains(group)) {
          statements.add("GRANT " + Sql.ident(group) + " TO " + role);
        }
        List<String> others = groups.stream().filter(other -> !other.equals(group)).toList();
        if (!others.isEmpty()) {
          statements.add("REVOKE " + Sql.idents(others) + " FROM " + role);
        }
        statements.add(
            "ALTER ROLE "
                + role
                + " WITH LOGIN VALID UNTIL "
                + validUntil
                + " PASSWORD "
                + Sql.literal(verifier));
      }
      statements.add("ALTER ROLE " + role + " SET role = " + Sql.literal(group));
      Sql.inTransaction(admin.connection(), c -> Sql.batch(c, statements));
      log.debug(
          "issued {} credential {} for postgres database {}", request.scope(), username, name);
    }
    return new IssuedCredential(username, secret, request.scope(), request.expiresAt());
  }

  void revoke(PostgresServer server, PostgresNames names, String username) throws SQLException {
    String name = names.database();
    try (AdminSession admin = AdminSession.open(server)) {
      List<@Nullable String> state =
          admin.lockThenRead(List.of(name), List.of(), "SELECT " + groupsOfExpression(username));
      if (!isCredentialOf(names, split(state.get(0)))) {
        return;
      }
      dropLogin(server, admin, names, username);
      log.debug("revoked credential {} of postgres database {}", username, name);
    }
  }

  /**
   * The LOGIN roles whose names start with {@code prefix} and that are members of a group of a
   * database on the server, each with that database.
   */
  Map<String, String> logins(PostgresServer server, String prefix) throws SQLException {
    try (AdminSession admin = AdminSession.open(server)) {
      Map<String, String> databaseOfGroup = new HashMap<>();
      for (String database :
          Sql.strings(
              admin.connection(),
              "SELECT datname FROM pg_catalog.pg_database WHERE NOT datistemplate")) {
        if (DatabaseName.PATTERN.matcher(database).matches()) {
          new PostgresNames(database)
              .groups()
              .forEach(group -> databaseOfGroup.put(group, database));
        }
      }
      Map<String, String> logins = new TreeMap<>();
      try (PreparedStatement query =
          admin
              .connection()
              .prepareStatement(
                  "SELECT r.rolname, g.rolname FROM pg_catalog.pg_roles r"
                      + " JOIN pg_catalog.pg_auth_members m ON m.member = r.oid"
                      + " JOIN pg_catalog.pg_roles g ON g.oid = m.roleid"
                      + " WHERE r.rolcanlogin AND left(r.rolname, length(?)) = ?")) {
        query.setString(1, prefix);
        query.setString(2, prefix);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            String database = databaseOfGroup.get(rows.getString(2));
            if (database != null) {
              logins.put(rows.getString(1), database);
            }
          }
        }
      }
      return logins;
    }
  }

  /**
   * Stops and drops a LOGIN role of the database's groups (a credential or a {@link ProbeLogin}) in
   * one transaction; only a role that owns objects takes the step-by-step path of {@link #drop}.
   */
  static void dropLogin(
      PostgresServer server, AdminSession admin, PostgresNames names, String username)
      throws SQLException {
    String role = Sql.ident(username);
    try {
      // Usually the role owns nothing: no connection to the database is needed.
      Sql.inTransaction(
          admin.connection(),
          c ->
              Sql.batch(
                  c,
                  List.of(
                      "ALTER ROLE " + role + " NOLOGIN",
                      terminateSessionsOfRole(username),
                      "DROP ROLE IF EXISTS " + role)));
    } catch (SQLException e) {
      if (!DEPENDENT_OBJECTS.equals(e.getSQLState())) {
        throw e;
      }
      drop(server, admin, names, username, true);
    }
  }

  /**
   * Stops and drops a credential's LOGIN role, first handing what it owns in the database to the
   * admin group. A role that is also a member of other groups is only cut off from this database.
   */
  static void drop(
      PostgresServer server,
      AdminSession admin,
      PostgresNames names,
      String role,
      boolean databaseMayExist)
      throws SQLException {
    List<String> groups = admin.groupsOf(role);
    if (!names.groups().containsAll(groups)) {
      List<String> ours = groups.stream().filter(names.groups()::contains).toList();
      if (!ours.isEmpty()) {
        Sql.execute(admin.connection(), "REVOKE " + Sql.idents(ours) + " FROM " + Sql.ident(role));
      }
      return;
    }
    Sql.execute(admin.connection(), "ALTER ROLE " + Sql.ident(role) + " NOLOGIN");
    admin.terminateSessionsOfRole(role);
    if (databaseMayExist && admin.databaseExists(names.database())) {
      // A session that reset its role may have created objects of its own: keep them for the
      // admin group, or the role could not be dropped.
      admin.actAs(List.of(role));
      try (Connection db = server.database(names.database())) {
        Sql.batch(
            db,
            List.of(
                "REASSIGN OWNED BY " + Sql.ident(role) + " TO " + Sql.ident(names.adminGroup()),
                "DROP OWNED BY " + Sql.ident(role)));
      }
    }
    admin.dropRole(role);
  }

  /** Whether a role in these groups (and no other) is a credential of the database. */
  static boolean isCredentialOf(PostgresNames names, List<String> groups) {
    return !groups.isEmpty() && names.groups().containsAll(groups);
  }

  /** A scalar SQL expression: the groups the role is a direct member of, comma-separated. */
  private static String groupsOfExpression(String role) {
    return "(SELECT string_agg(grp.rolname, ',' ORDER BY grp.rolname) FROM pg_catalog.pg_auth_members m"
        + " JOIN pg_catalog.pg_roles grp ON grp.oid = m.roleid"
        + " JOIN pg_catalog.pg_roles member ON member.oid = m.member"
        + " WHERE member.rolname = "
        + Sql.literal(role)
        + ")";
  }

  private static String terminateSessionsOfRole(String role) {
    return "SELECT pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE usename = "
        + Sql.literal(role)
        + " AND pid <> pg_backend_pid()";
  }

  private static List<String> split(@Nullable String commaSeparated) {
    return commaSeparated == null || commaSeparated.isEmpty()
        ? List.of()
        : List.of(commaSeparated.split(","));
  }
}
