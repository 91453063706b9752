package io.envprov.benchmarks;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What one PostgreSQL environment costs without the control plane: the SQL the {@code postgres}
 * driver and the engine need for a new database, sent directly over JDBC to the same server, one
 * statement per round trip, as the superuser.
 *
 * <p>Per environment {@code x} ({@link #create}):
 *
 * <ol>
 *   <li>on the worker's admin connection (one per worker thread, kept open as a pool would): {@code
 *       CREATE DATABASE x TEMPLATE <template>}, {@code REVOKE CONNECT, TEMPORARY ON DATABASE x FROM
 *       PUBLIC}, the three {@code CREATE ROLE x_admin|x_readwrite|x_readonly NOLOGIN}, {@code GRANT
 *       CONNECT ON DATABASE x TO} the three;
 *   <li>on a new admin connection to {@code x}, in one transaction: {@code REASSIGN OWNED BY
 *       <template role> TO x_admin}, {@code DROP OWNED BY <template role>} (the ownership
 *       adoption), {@code CREATE SCHEMA IF NOT EXISTS public AUTHORIZATION x_admin} (a no-op),
 *       {@code ALTER SCHEMA public OWNER TO x_admin}, {@code REVOKE ALL ON SCHEMA public FROM
 *       PUBLIC}, the grants on the schema, tables and sequences, the four {@code ALTER DEFAULT
 *       PRIVILEGES} and the {@code REVOKE} on {@code flyway_schema_history}; then the baseline
 *       version read ({@code SELECT version FROM flyway_schema_history});
 *   <li>the environment's two credentials, each a LOGIN role made in one transaction on the admin
 *       connection: {@code CREATE ROLE x_adm LOGIN IN ROLE x_admin} (then {@code x_rw ... IN ROLE
 *       x_readwrite}), {@code ALTER ROLE ... VALID UNTIL}, {@code ALTER ROLE ... SET role}, and a
 *       client-side SCRAM verifier ({@code PGConnection.alterUserPassword});
 *   <li>the readiness check: a connection to {@code x} as the readwrite credential reading {@code
 *       max(version)} from {@code flyway_schema_history}.
 * </ol>
 *
 * <p>Two logins per environment (the admin to {@code x}, the readwrite credential), about 35 round
 * trips. The template ({@link #TEMPLATE}, owned objects by a NOLOGIN role of the same name) is
 * built once, outside any measurement, with Flyway and {@code classpath:db/data-plane}, the way the
 * driver builds its own. What the service does on top (HTTP, the store, the operation, advisory
 * locks, the existence checks before each step, storing the credentials) is its overhead.
 */
final class DirectPostgresBaseline implements AutoCloseable {

  /** The template database of this baseline, and the NOLOGIN role owning what is inside it. */
  static final String TEMPLATE = "bench_raw_tpl";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final EmbeddedDataServer server;
  private final Map<Thread, Connection> adminConnections = new ConcurrentHashMap<>();
  private final long templateBuildNanos;

  /** Builds the template (timed separately: {@link #templateBuildNanos()}). */
  DirectPostgresBaseline(EmbeddedDataServer server) throws SQLException {
    this.server = server;
    long start = System.nanoTime();
    buildTemplate();
    this.templateBuildNanos = System.nanoTime() - start;
  }

  long templateBuildNanos() {
    return templateBuildNanos;
  }

  /**
   * Creates database {@code name} with its two credentials as the driver would, and reads its
   * baseline version through the readwrite one, as the engine's readiness check does.
   */
  void create(String name) throws SQLException {
    Connection admin = adminConnection();
    String db = ident(name);
    String adminGroup = ident(name + "_admin");
    String readwrite = ident(name + "_readwrite");
    String readonly = ident(name + "_readonly");
    String template = ident(TEMPLATE);
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + db + " TEMPLATE " + template);
      s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + db + " FROM PUBLIC");
      s.execute("CREATE ROLE " + adminGroup + " NOLOGIN");
      s.execute("CREATE ROLE " + readwrite + " NOLOGIN");
      s.execute("CREATE ROLE " + readonly + " NOLOGIN");
      s.execute(
          "GRANT CONNECT ON DATABASE "
              + db
              + " TO "
              + adminGroup
              + ", "
              + readwrite
              + ", "
              + readonly);
    }
    try (Connection c = server.admin(name)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("REASSIGN OWNED BY " + template + " TO " + adminGroup);
        s.execute("DROP OWNED BY " + template);
        s.execute("CREATE SCHEMA IF NOT EXISTS public AUTHORIZATION " + adminGroup);
        s.execute("ALTER SCHEMA public OWNER TO " + adminGroup);
        s.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
        s.execute("GRANT USAGE ON SCHEMA public TO " + readwrite + ", " + readonly);
        s.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + readwrite);
        s.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + readwrite);
        s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + readonly);
        s.execute("GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO " + readonly);
        String defaults =
            "ALTER DEFAULT PRIVILEGES FOR ROLE " + adminGroup + " IN SCHEMA public GRANT ";
        s.execute(defaults + "SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + readwrite);
        s.execute(defaults + "USAGE, SELECT, UPDATE ON SEQUENCES TO " + readwrite);
        s.execute(defaults + "SELECT ON TABLES TO " + readonly);
        s.execute(defaults + "SELECT ON SEQUENCES TO " + readonly);
        s.execute(
            "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public.flyway_schema_history FROM "
                + readwrite);
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement();
          ResultSet rows =
              s.executeQuery("SELECT version FROM public.flyway_schema_history WHERE success")) {
        if (!rows.next()) {
          throw new SQLException("no baseline version in " + name);
        }
      }
    }
    loginRole(admin, name + "_adm", name + "_admin");
    String secret = loginRole(admin, name + "_rw", name + "_readwrite");
    try (Connection c = server.connect(name, name + "_rw", secret);
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT max(version) FROM flyway_schema_history WHERE success")) {
      if (!rows.next() || rows.getString(1) == null) {
        throw new SQLException("the readwrite credential of " + name + " saw no baseline");
      }
    }
  }

  /** Closes the admin connections of the workers. */
  @Override
  public void close() {
    adminConnections
        .values()
        .forEach(
            c -> {
              try {
                c.close();
              } catch (SQLException e) {
                // best effort
              }
            });
    adminConnections.clear();
  }

  /** A credential: a LOGIN role in {@code group}, made as the driver makes it. Its secret. */
  private static String loginRole(Connection admin, String role, String group) throws SQLException {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = HexFormat.of().formatHex(random);
    admin.setAutoCommit(false);
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE ROLE " + ident(role) + " LOGIN IN ROLE " + ident(group));
      s.execute(
          "ALTER ROLE "
              + ident(role)
              + " WITH LOGIN VALID UNTIL '"
              + Instant.now().plus(365, ChronoUnit.DAYS)
              + "'");
      s.execute("ALTER ROLE " + ident(role) + " SET role = '" + group + "'");
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword(role, secret.toCharArray(), "scram-sha-256");
      admin.commit();
    } catch (SQLException | RuntimeException e) {
      admin.rollback();
      throw e;
    } finally {
      admin.setAutoCommit(true);
    }
    return secret;
  }

  private Connection adminConnection() throws SQLException {
    Connection existing = adminConnections.get(Thread.currentThread());
    if (existing != null) {
      return existing;
    }
    Connection created = server.admin("postgres");
    adminConnections.put(Thread.currentThread(), created);
    return created;
  }

  /** The driver's template build: a closed database whose objects a NOLOGIN role owns. */
  private void buildTemplate() throws SQLException {
    try (Connection admin = server.admin("postgres");
        Statement s = admin.createStatement()) {
      s.execute("CREATE ROLE " + ident(TEMPLATE) + " NOLOGIN");
      s.execute("CREATE DATABASE " + ident(TEMPLATE));
      s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + ident(TEMPLATE) + " FROM PUBLIC");
    }
    try (Connection db = server.admin(TEMPLATE);
        Statement s = db.createStatement()) {
      s.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
      s.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + ident(TEMPLATE));
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(server.url(TEMPLATE));
    dataSource.setUser(EmbeddedDataServer.ADMIN);
    dataSource.setPassword(server.adminPassword());
    // Only the settings that shape the work (the driver's safety switches change nothing here).
    Flyway.configure(DirectPostgresBaseline.class.getClassLoader())
        .dataSource(dataSource)
        .initSql("SET ROLE " + ident(TEMPLATE))
        .locations(DirectSqliteBaseline.LOCATION)
        .schemas("public")
        .createSchemas(false)
        .load()
        .migrate();
  }

  private static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
