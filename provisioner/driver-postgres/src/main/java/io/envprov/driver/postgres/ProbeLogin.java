package io.envprov.driver.postgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A short-lived LOGIN role with the rights of one group of one database and nothing more, for the
 * work that reads or runs what a tenant may have changed: the schema history (a tenant with an
 * admin credential owns it and may have made it a view over a function of its own) and Flyway in an
 * existing database.
 *
 * <p>Why not the server admin after {@code SET ROLE <group>}: {@code SET ROLE} is no boundary. A
 * function the admin's session runs may {@code RESET ROLE} and act as the session user, the server
 * admin (checked by {@code PostgresHostileTenantTest}). Code run in a session of this login can do
 * no more than the group's credentials already can.
 *
 * <p>The role is {@code envprov_probe_<24 hex digits>}, valid for {@link #VALIDITY} (it cannot
 * extend that itself) and dropped by {@link #close()}; one left by a crash goes with its database's
 * credentials on deprovision.
 */
final class ProbeLogin implements AutoCloseable {

  static final String PREFIX = "envprov_probe_";
  static final Duration VALIDITY = Duration.ofMinutes(30);
  private static final String UNDEFINED_OBJECT = "42704";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PostgresServer server;
  private final AdminSession admin;
  private final PostgresNames names;
  private final String role;
  private final String secret;

  private ProbeLogin(
      PostgresServer server, AdminSession admin, PostgresNames names, String role, String secret) {
    this.server = server;
    this.admin = admin;
    this.names = names;
    this.role = role;
    this.secret = secret;
  }

  /** Creates the login, a member of {@code group} (one of {@code names}' groups). */
  static ProbeLogin create(
      PostgresServer server, AdminSession admin, PostgresNames names, String group)
      throws SQLException {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    String role = PREFIX + HexFormat.of().formatHex(bytes);
    byte[] secretBytes = new byte[32];
    RANDOM.nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    String verifier = Sql.scramVerifier(secret);
    Sql.execute(
        admin.connection(),
        "CREATE ROLE "
            + Sql.ident(role)
            + " LOGIN NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS IN ROLE "
            + Sql.ident(group)
            + " VALID UNTIL "
            + Sql.literal(Instant.now().plus(VALIDITY).toString())
            + " PASSWORD "
            + Sql.literal(verifier));
    return new ProbeLogin(server, admin, names, role, secret);
  }

  String role() {
    return role;
  }

  /**
   * The login's password, for the passfile of a client program ({@link ClientProcess.Workspace}):
   * never for a message or a command line.
   */
  String secret() {
    return secret;
  }

  /** A connection as this login to a database of its group. */
  Connection connect(String database) throws SQLException {
    return server.databaseAs(database, role, secret);
  }

  /** Connections as this login, for Flyway. */
  DataSource dataSource(String database) {
    return new ConnectingDataSource(() -> connect(database));
  }

  /** The baseline version recorded in the database, read as this login. */
  Optional<String> version(String database) throws SQLException {
    try (Connection db = connect(database)) {
      return PostgresBaselines.version(db);
    }
  }

  /** Takes the login away: no more logins or sessions, then the role, as a credential's. */
  @Override
  public void close() throws SQLException {
    dropWith(admin);
  }

  /**
   * {@link #close()} on another admin session, for a login that outlives the session that made it
   * (a backup gives its admin connection back while {@code pg_dump} runs).
   */
  void dropWith(AdminSession session) throws SQLException {
    try {
      Credentials.dropLogin(server, session, names, role);
    } catch (SQLException e) {
      // Gone already: a deprovision of the database (which drops its groups' members) ran while
      // the login was out of the lock's reach, e.g. during a pg_dump.
      if (!UNDEFINED_OBJECT.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** Only for messages. */
  @Override
  public String toString() {
    return "ProbeLogin[" + role + "]";
  }
}
