package io.envprov.driver.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection as the server admin, with the server-wide steps: databases, roles, advisory locks.
 *
 * <p>Locks are session-level advisory locks keyed by a database name (through the server's secret
 * {@link LockKeys}, so that nobody else can take them), so every call on one database waits for the
 * others, whether they come from this process or another provisioner replica, and a lock is
 * released when its holder's connection drops, a crash included. The connection comes from the
 * server's pool; {@link #close()} releases the locks before giving it back.
 */
final class AdminSession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminSession.class);

  private static final String DUPLICATE_DATABASE = "42P04";
  private static final String DUPLICATE_OBJECT = "42710";
  private static final String OBJECT_IN_USE = "55006";

  private final PostgresServer server;
  private final AdminConnection admin;
  private final Connection connection;
  private final int serverVersion;
  private final boolean superuser;
  private boolean locked;

  private AdminSession(PostgresServer server, AdminConnection admin) {
    this.server = server;
    this.admin = admin;
    this.connection = admin.connection();
    this.serverVersion = admin.serverVersion();
    this.superuser = admin.superuser();
  }

  /** A session on an admin connection of the server's pool (or a new one when it has none). */
  static AdminSession open(PostgresServer server) throws SQLException {
    return new AdminSession(server, server.borrowAdmin());
  }

  Connection connection() {
    return connection;
  }

  boolean superuser() {
    return superuser;
  }

  /** {@code server_version_num}, e.g. 170007. */
  int serverVersion() {
    return serverVersion;
  }

  // --- locks ---

  /** Waits (up to {@code lock_timeout}) for the exclusive lock of a name. */
  void lock(String name) throws SQLException {
    locked = true;
    Sql.exists(connection, "SELECT pg_catalog.pg_advisory_lock(?)", server.lockKey(name));
  }

  /** Waits for the shared lock of a name: many holders, none while someone holds it exclusively. */
  void lockShared(String name) throws SQLException {
    locked = true;
    Sql.exists(connection, "SELECT pg_catalog.pg_advisory_lock_shared(?)", server.lockKey(name));
  }

  /**
   * Takes the exclusive locks, then the shared ones, each in the order given, and then runs {@code
   * query}, all in one round trip; returns the query's first row. The query starts after the locks
   * are held, with a fresh snapshot, so it sees what the previous holder committed.
   */
  List<@Nullable String> lockThenRead(List<String> exclusive, List<String> shared, String query)
      throws SQLException {
    locked = true;
    List<String> statements = new ArrayList<>();
    for (String name : exclusive) {
      statements.add("SELECT pg_catalog.pg_advisory_lock(" + server.lockKey(name) + ")");
    }
    for (String name : shared) {
      statements.add("SELECT pg_catalog.pg_advisory_lock_shared(" + server.lockKey(name) + ")");
    }
    statements.add(query);
    List<List<@Nullable String>> rows = Sql.batchRows(connection, statements);
    if (rows.isEmpty()) {
      throw new SQLException("the state query returned no row", "XX000");
    }
    return rows.get(0);
  }

  void unlock(String name) throws SQLException {
    Sql.exists(connection, "SELECT pg_catalog.pg_advisory_unlock(?)", server.lockKey(name));
  }

  void unlockShared(String name) throws SQLException {
    Sql.exists(connection, "SELECT pg_catalog.pg_advisory_unlock_shared(?)", server.lockKey(name));
  }

  // --- databases ---

  /** The databases whose names start with {@code prefix} (taken literally, not as a pattern). */
  List<String> databasesStartingWith(String prefix) throws SQLException {
    return Sql.strings(
        connection,
        "SELECT datname FROM pg_catalog.pg_database WHERE left(datname, length(?)) = ? ORDER BY datname",
        prefix,
        prefix);
  }

  boolean databaseExists(String name) throws SQLException {
    return Sql.exists(connection, "SELECT 1 FROM pg_catalog.pg_database WHERE datname = ?", name);
  }

  /**
   * Creates the database, owned by the server admin (so that no credential can drop it), from
   * {@code template} or {@code template1}. False when it already existed.
   */
  boolean createDatabase(String name, @Nullable String template) throws SQLException {
    return createDatabase(name, template, null);
  }

  /**
   * As {@link #createDatabase(String, String)}, copying the template with the strategy (on
   * PostgreSQL 15 and later; null: the server's default).
   */
  boolean createDatabase(
      String name, @Nullable String template, PostgresSettings.@Nullable CreateStrategy strategy)
      throws SQLException {
    try {
      Sql.execute(
          connection,
          "CREATE DATABASE "
              + Sql.ident(name)
              + (template == null ? "" : " TEMPLATE " + Sql.ident(template))
              + (strategy == null || serverVersion < 150000 ? "" : " STRATEGY " + strategy.name()));
      return true;
    } catch (SQLException e) {
      if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** Turns new connections to the database on or off (for everyone, superusers included). */
  void allowConnections(String name, boolean allow) throws SQLException {
    Sql.execute(connection, "ALTER DATABASE " + Sql.ident(name) + " ALLOW_CONNECTIONS " + allow);
  }

  /** Turns connections back on when an interrupted copy or deprovision left them off. */
  void restoreConnections(String name) throws SQLException {
    if (Sql.exists(
        connection,
        "SELECT 1 FROM pg_catalog.pg_database WHERE datname = ? AND NOT datallowconn AND NOT datistemplate",
        name)) {
      log.info("allowing connections to postgres database {} again", name);
      allowConnections(name, true);
    }
  }

  /** Ends every other session connected to the database. */
  void terminateSessionsOf(String database) throws SQLException {
    Sql.strings(
        connection,
        "SELECT pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity"
            + " WHERE datname = ? AND pid <> pg_backend_pid()",
        database);
  }

  /** Ends every session of a role, whatever database it is connected to. */
  void terminateSessionsOfRole(String role) throws SQLException {
    Sql.strings(
        connection,
        "SELECT pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity"
            + " WHERE usename = ? AND pid <> pg_backend_pid()",
        role);
  }

  /** Drops the database if it exists, ending its sessions first. */
  void dropDatabase(String name) throws SQLException {
    if (!databaseExists(name)) {
      return;
    }
    allowConnections(name, false);
    terminateSessionsOf(name);
    if (serverVersion >= 130000) {
      Sql.execute(connection, "DROP DATABASE IF EXISTS " + Sql.ident(name) + " WITH (FORCE)");
      return;
    }
    // Before 13 a session that was still exiting makes DROP DATABASE fail; its exit takes moments.
    for (int attempt = 1; ; attempt++) {
      try {
        Sql.execute(connection, "DROP DATABASE IF EXISTS " + Sql.ident(name));
        return;
      } catch (SQLException e) {
        if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt == 5) {
          throw e;
        }
        terminateSessionsOf(name);
      }
    }
  }

  void renameDatabase(String from, String to) throws SQLException {
    Sql.execute(connection, "ALTER DATABASE " + Sql.ident(from) + " RENAME TO " + Sql.ident(to));
  }

  /**
   * Keeps {@code PUBLIC} out of the database and lets the three groups in. Privileges on a database
   * follow it through a rename.
   */
  void lockDown(String database, PostgresNames names) throws SQLException {
    Sql.batch(connection, lockDownStatements(database, names));
  }

  /** The statements of {@link #lockDown}. */
  static List<String> lockDownStatements(String database, PostgresNames names) {
    return List.of(
        "REVOKE CONNECT, TEMPORARY ON DATABASE " + Sql.ident(database) + " FROM PUBLIC",
        "GRANT CONNECT ON DATABASE " + Sql.ident(database) + " TO " + Sql.idents(names.groups()));
  }

  // --- roles ---

  boolean roleExists(String role) throws SQLException {
    return Sql.exists(connection, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?", role);
  }

  /** Those of the roles that exist. */
  List<String> existing(List<String> roles) throws SQLException {
    return Sql.strings(
        connection,
        "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(?) ORDER BY rolname",
        (Object) roles.toArray(String[]::new));
  }

  /**
   * A scalar SQL expression listing which of the roles exist and whether each can log in, for a
   * state query; read it with {@link #rolesFound}.
   */
  static String rolesExpression(List<String> roles) {
    return "(SELECT string_agg(rolname || ':' || rolcanlogin::text, ',') FROM pg_catalog.pg_roles"
        + " WHERE rolname IN ("
        + roles.stream().map(Sql::literal).collect(Collectors.joining(", "))
        + "))";
  }

  /** The value of a {@link #rolesExpression}: each existing role, and whether it can log in. */
  static Map<String, Boolean> rolesFound(@Nullable String value) {
    Map<String, Boolean> found = new HashMap<>();
    if (value != null && !value.isEmpty()) {
      for (String entry : value.split(",")) {
        int colon = entry.lastIndexOf(':');
        found.put(entry.substring(0, colon), "true".equals(entry.substring(colon + 1)));
      }
    }
    return found;
  }

  /**
   * Creates the groups that {@code found} (a {@link #rolesFound}) lacks, then runs {@code then}, in
   * one round trip; lets a non-superuser admin act as each group. A LOGIN role of a group's name
   * belongs to someone else and is refused.
   */
  void ensureGroups(List<String> groups, Map<String, Boolean> found, List<String> then)
      throws SQLException {
    List<String> statements = new ArrayList<>();
    for (String group : groups) {
      Boolean canLogin = found.get(group);
      if (canLogin == null) {
        statements.add("CREATE ROLE " + Sql.ident(group) + " NOLOGIN");
      } else if (canLogin) {
        throw new SQLException(
            "role " + group + " exists and can log in, so it is not a group this driver made",
            "42710");
      }
    }
    statements.addAll(then);
    try {
      Sql.batch(connection, statements);
    } catch (SQLException e) {
      if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
        throw e;
      }
      // Someone else made one meanwhile (no call of this driver: it holds the lock): step by step.
      for (String group : groups) {
        ensureGroup(group);
      }
      Sql.batch(connection, then);
      return;
    }
    if (!superuser) {
      for (String group : groups) {
        becomeMemberOf(group);
      }
    }
  }

  /**
   * Creates a NOLOGIN role unless it exists, and lets the server admin act as it (a superuser can
   * already). A LOGIN role of that name belongs to someone else and is refused.
   */
  void ensureGroup(String role) throws SQLException {
    @Nullable String canLogin =
        Sql.single(
            connection, "SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = ?", role);
    if (canLogin == null) {
      try {
        Sql.execute(connection, "CREATE ROLE " + Sql.ident(role) + " NOLOGIN");
      } catch (SQLException e) {
        if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
          throw e;
        }
      }
    } else if ("t".equals(canLogin)) {
      throw new SQLException(
          "role " + role + " exists and can log in, so it is not a group this driver made",
          "42710");
    }
    if (!superuser) {
      becomeMemberOf(role);
    }
  }

  /**
   * Makes the server admin a member of the role, inheriting its privileges and able to {@code SET
   * ROLE} to it: needed by a non-superuser admin (CREATEDB, CREATEROLE) to run the baseline as the
   * admin group, reassign ownership and grant on its objects.
   */
  void becomeMemberOf(String role) throws SQLException {
    boolean member =
        serverVersion >= 160000
            ? Sql.exists(
                connection,
                "SELECT 1 WHERE pg_has_role(current_user, ?, 'USAGE')"
                    + " AND pg_has_role(current_user, ?, 'SET')",
                role,
                role)
            : Sql.exists(connection, "SELECT 1 WHERE pg_has_role(current_user, ?, 'USAGE')", role);
    if (member) {
      return;
    }
    Sql.execute(
        connection,
        "GRANT "
            + Sql.ident(role)
            + " TO CURRENT_USER"
            + (serverVersion >= 160000 ? " WITH INHERIT TRUE, SET TRUE" : ""));
  }

  /**
   * The roles that are members of any of the groups: the credentials, including any a crashed
   * revocation left without LOGIN. Never the server admin (which may be a member to manage the
   * groups) nor a superuser.
   */
  List<String> membersOf(List<String> groups) throws SQLException {
    return Sql.strings(
        connection,
        "SELECT DISTINCT member.rolname FROM pg_catalog.pg_auth_members m"
            + " JOIN pg_catalog.pg_roles grp ON grp.oid = m.roleid"
            + " JOIN pg_catalog.pg_roles member ON member.oid = m.member"
            + " WHERE grp.rolname = ANY(?) AND member.rolname <> current_user"
            + " AND NOT member.rolsuper AND NOT (member.rolname = ANY(?))"
            + " ORDER BY member.rolname",
        (Object) groups.toArray(String[]::new),
        (Object) groups.toArray(String[]::new));
  }

  /**
   * Makes sure the server admin has the privileges of the roles, as {@code REASSIGN OWNED} needs: a
   * superuser has them; a CREATEROLE admin (which has the ADMIN option on the roles it created)
   * becomes a member. Returns the roles.
   */
  List<String> actAs(List<String> roles) throws SQLException {
    if (!superuser) {
      for (String role : roles) {
        becomeMemberOf(role);
      }
    }
    return roles;
  }

  /** The groups the role is a direct member of. */
  List<String> groupsOf(String role) throws SQLException {
    return Sql.strings(
        connection,
        "SELECT grp.rolname FROM pg_catalog.pg_auth_members m"
            + " JOIN pg_catalog.pg_roles grp ON grp.oid = m.roleid"
            + " JOIN pg_catalog.pg_roles member ON member.oid = m.member"
            + " WHERE member.rolname = ? ORDER BY grp.rolname",
        role);
  }

  void dropRole(String role) throws SQLException {
    Sql.execute(connection, "DROP ROLE IF EXISTS " + Sql.ident(role));
  }

  /**
   * Releases every advisory lock this session took and gives the connection back for the next call.
   * A connection that cannot be brought back to a clean state (out of a transaction, no lock held)
   * is closed instead, which releases its locks on the server.
   */
  @Override
  public void close() {
    boolean reusable;
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      if (locked) {
        Sql.single(connection, "SELECT pg_catalog.pg_advisory_unlock_all()");
      }
      reusable = true;
    } catch (SQLException | RuntimeException e) {
      log.debug("closing an admin connection of server {} that failed to reset", server.id());
      reusable = false;
    }
    server.giveBack(admin, reusable);
  }
}
