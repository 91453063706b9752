package io.envprov.driver.postgres;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the driver does once per server and process before its first call there:
 *
 * <ul>
 *   <li>closes the maintenance databases ({@code postgres}, {@code template1} and the database of
 *       the admin URL) to {@code PUBLIC} ({@code REVOKE CONNECT, TEMPORARY}), so that credential
 *       logins stay inside their own database and never reach the database where the driver holds
 *       its advisory locks. Idempotent; an admin that neither owns those databases nor is a
 *       superuser cannot do this, which is logged;
 *   <li>reads (or makes) the secret salt of the server's advisory lock keys ({@link LockKeys}):
 *       table {@code envprov_driver.lock_salt} in the admin database, a schema closed to {@code
 *       PUBLIC} and owned by the admin or a superuser. An admin that cannot create it derives the
 *       salt from its secret instead.
 * </ul>
 */
final class ServerHardening {

  private static final Logger log = LoggerFactory.getLogger(ServerHardening.class);

  static final String SCHEMA = "envprov_driver";
  private static final List<String> MAINTENANCE = List.of("postgres", "template1");
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final String CONCURRENT_UPDATE = "XX000";
  private static final Set<String> CREATED_CONCURRENTLY = Set.of("23505", "42P06", "42P07");

  private final SecureRandom random = new SecureRandom();
  private final Map<String, LockKeys> prepared = new ConcurrentHashMap<>();

  /** The server with its lock keys, preparing it first when this process has not yet. */
  PostgresServer prepare(PostgresServer server) throws SQLException {
    String key =
        server.id()
            + '\n'
            + server.target().adminUrl()
            + '\n'
            + server.target().adminUsername()
            + '\n'
            + server.target().adminSecret();
    LockKeys keys = prepared.get(key);
    if (keys == null) {
      // First calls on a server at once would each revoke on the same catalog rows, which
      // PostgreSQL refuses ("tuple concurrently updated"): one prepares, the others wait for it.
      synchronized (this) {
        keys = prepared.get(key);
        if (keys == null) {
          keys = harden(server);
          prepared.put(key, keys);
        }
      }
    }
    return server.withLockKeys(keys);
  }

  private LockKeys harden(PostgresServer server) throws SQLException {
    AdminConnection admin = server.borrowAdmin();
    boolean reusable = false;
    try {
      Connection connection = admin.connection();
      closeMaintenanceDatabases(server, connection);
      LockKeys keys = lockKeys(server, connection);
      reusable = true;
      return keys;
    } finally {
      server.giveBack(admin, reusable);
    }
  }

  /** The databases that are closed to {@code PUBLIC}: the maintenance ones and the admin's. */
  static List<String> maintenanceDatabases(@Nullable String adminDatabase) {
    Set<String> names = new LinkedHashSet<>(MAINTENANCE);
    if (adminDatabase != null) {
      names.add(adminDatabase);
    }
    return List.copyOf(names);
  }

  private static void closeMaintenanceDatabases(PostgresServer server, Connection connection)
      throws SQLException {
    String names =
        String.join(
            ", ", maintenanceDatabases(server.adminDatabase()).stream().map(Sql::literal).toList());
    String open =
        "SELECT datname FROM pg_catalog.pg_database WHERE datname IN ("
            + names
            + ") AND datallowconn"
            + " AND pg_catalog.has_database_privilege('public', oid, 'CONNECT')";
    if (Sql.strings(connection, open).isEmpty()) {
      return;
    }
    // A REVOKE by a role that may not grant on the database is only a warning: checked below.
    String revoke =
        "DO $envprov$ DECLARE d pg_catalog.name; BEGIN FOR d IN "
            + open
            + " LOOP EXECUTE pg_catalog.format("
            + "'REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', d); END LOOP; END $envprov$";
    for (int attempt = 1; ; attempt++) {
      try {
        Sql.execute(connection, revoke);
        break;
      } catch (SQLException e) {
        // Another process (a second replica) revoking on the same rows at the same moment: the
        // loser retries and finds nothing left to do.
        if (!CONCURRENT_UPDATE.equals(e.getSQLState()) || attempt == 3) {
          throw e;
        }
      }
    }
    List<String> stillOpen = Sql.strings(connection, open);
    if (stillOpen.isEmpty()) {
      log.info(
          "closed the maintenance databases of postgres server {} to PUBLIC: credential logins"
              + " cannot connect to them",
          server.id());
    } else {
      log.warn(
          "the admin of postgres server {} may not revoke CONNECT on {} from PUBLIC: credential"
              + " logins can still connect there; revoke it as the owner or a superuser",
          server.id(),
          stillOpen);
    }
  }

  private LockKeys lockKeys(PostgresServer server, Connection connection) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        @Nullable String salt = storedSalt(connection);
        if (salt != null) {
          return new LockKeys(salt.getBytes(StandardCharsets.UTF_8));
        }
        break;
      } catch (SQLException e) {
        if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
          break;
        }
        if (!CREATED_CONCURRENTLY.contains(e.getSQLState()) || attempt == 3) {
          throw e;
        }
      }
    }
    String secret = server.target().adminSecret();
    if (secret != null && !secret.isEmpty()) {
      log.info(
          "the admin of postgres server {} cannot keep a lock salt in schema {} of its database:"
              + " advisory lock keys are derived from its secret",
          server.id(),
          SCHEMA);
      return LockKeys.derivedFrom(secret);
    }
    log.warn(
        "the admin of postgres server {} can neither keep a lock salt in schema {} nor has a"
            + " secret: its advisory lock keys can be computed by anyone who reads this code",
        server.id(),
        SCHEMA);
    return LockKeys.unsalted();
  }

  /** The salt kept on the server, made when missing; null when the place is not trustworthy. */
  private @Nullable String storedSalt(Connection connection) throws SQLException {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String table = SCHEMA + ".lock_salt";
    Sql.batch(
        connection,
        List.of(
            "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
            "REVOKE ALL ON SCHEMA " + SCHEMA + " FROM PUBLIC",
            "CREATE TABLE IF NOT EXISTS "
                + table
                + " (id boolean PRIMARY KEY DEFAULT true CHECK (id), salt text NOT NULL)",
            "REVOKE ALL ON " + table + " FROM PUBLIC",
            "INSERT INTO "
                + table
                + " (salt) VALUES ("
                + Sql.literal(HexFormat.of().formatHex(bytes))
                + ") ON CONFLICT (id) DO NOTHING"));
    // Someone else's schema or table could hold triggers or be a view: read only ours.
    boolean trusted =
        Sql.exists(
            connection,
            "SELECT 1 FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_roles tableOwner ON tableOwner.oid = c.relowner"
                + " JOIN pg_catalog.pg_roles schemaOwner ON schemaOwner.oid = n.nspowner"
                + " WHERE n.nspname = ? AND c.relname = 'lock_salt' AND c.relkind = 'r'"
                + " AND (tableOwner.rolsuper OR tableOwner.rolname = current_user)"
                + " AND (schemaOwner.rolsuper OR schemaOwner.rolname = current_user)",
            SCHEMA);
    if (!trusted) {
      log.warn("schema {} of the admin database is not the driver's: its salt is not used", SCHEMA);
      return null;
    }
    return Sql.single(connection, "SELECT salt FROM " + table + " WHERE id");
  }
}
