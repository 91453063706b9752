package io.envprov.driver.postgres;

import io.envprov.driver.postgres.PostgresSettings.BaselineStrategy;
import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.Capabilities;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseName;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places each environment database on a PostgreSQL server of the pool.
 *
 * <p>Per database {@code <name>}: the database, owned by the server admin and closed to {@code
 * PUBLIC}; three NOLOGIN groups {@code <name>_admin} (owns schema {@code public} and everything in
 * it, the baseline included), {@code <name>_readwrite} (DML) and {@code <name>_readonly} (SELECT),
 * the only roles allowed to connect; one LOGIN role per credential, a member of its scope's group,
 * whose sessions start as that group ({@code ALTER ROLE ... SET role}) so that what an admin
 * credential creates belongs to the group, and default privileges extend the readwrite and readonly
 * grants to it.
 *
 * <p>Every call on one database holds a PostgreSQL advisory lock on its name for its whole length,
 * and every step checks before it acts, so concurrent and repeated calls, from this process or
 * other replicas, and calls after a crash at any point converge on the same state. Thread-safe;
 * holds no connection between calls.
 *
 * <p>The server admin is a superuser, or a role with CREATEDB and CREATEROLE that is also a member
 * of {@code pg_signal_backend} (to end sessions before dropping a database or a credential).
 */
public final class PostgresDriver implements DatabaseDriver {

  private static final Logger log = LoggerFactory.getLogger(PostgresDriver.class);

  private static final Capabilities CAPABILITIES =
      new Capabilities(true, true, true, true, true, true);

  private static final int SECRET_BYTES = 32;
  private static final String INVALID_CATALOG = "3D000";

  private final SecureRandom random = new SecureRandom();
  private final PostgresSettings settings;
  private final PostgresBaselines baselines;
  private final PostgresTemplates templates;

  /** A driver with the default settings, reading baselines through {@code classLoader}. */
  public PostgresDriver(ClassLoader classLoader) {
    this(PostgresSettings.defaults(), classLoader);
  }

  PostgresDriver(PostgresSettings settings, ClassLoader classLoader) {
    this.settings = settings;
    this.baselines = new PostgresBaselines(classLoader);
    this.templates = new PostgresTemplates(baselines);
  }

  @Override
  public String name() {
    return PostgresDriverProvider.NAME;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  // --- provisioning ---

  @Override
  public ProvisionedDatabase provision(ProvisionRequest request) {
    String name = request.databaseName();
    PostgresNames names = new PostgresNames(name);
    return call(
        "provision",
        name,
        request.server(),
        List.of(),
        server -> {
          try (AdminSession admin = session(server)) {
            admin.lock(name);
            Creation creation = create(server, admin, name, request.baseline());
            if (creation == Creation.EXISTED) {
              admin.restoreConnections(name);
            }
            for (String group : names.groups()) {
              admin.ensureGroup(group);
            }
            admin.lockDown(name, names);
            // What a template (of this or an earlier attempt) brought along.
            List<String> foreign =
                admin.existing(List.of(PostgresNames.template(request.baseline())));
            try (Connection db = server.database(name)) {
              Sql.inTransaction(
                  db,
                  c -> {
                    DatabaseSetup.adopt(c, foreign, names.adminGroup());
                    DatabaseSetup.secure(c, names);
                  });
              if (creation != Creation.FROM_TEMPLATE) {
                baselines.migrate(server, name, names.adminGroup(), request.baseline());
                DatabaseSetup.protectHistory(db, names);
              }
              log.debug(
                  "provisioned postgres database {} on server {} ({})",
                  name,
                  server.id(),
                  creation);
              return describe(server, names, db, "provision");
            }
          }
        });
  }

  @Override
  public boolean exists(DatabaseRef database) {
    return call(
        "look up",
        database.databaseName(),
        database.server(),
        List.of(),
        server -> {
          try (AdminSession admin = session(server)) {
            return admin.databaseExists(database.databaseName());
          }
        });
  }

  @Override
  public List<String> databases(@Nullable ServerTarget target, String prefix) {
    if (target == null) {
      throw DriverException.permanent("the postgres driver lists databases of a server", null);
    }
    return call(
        "list databases",
        prefix,
        target,
        List.of(),
        server -> {
          try (AdminSession admin = session(server)) {
            return admin.databasesStartingWith(prefix);
          }
        });
  }

  @Override
  public Optional<String> baselineVersion(DatabaseRef database) {
    String name = database.databaseName();
    return call(
        "read the baseline version of",
        name,
        database.server(),
        List.of(),
        server -> {
          try (AdminSession admin = session(server)) {
            if (!admin.databaseExists(name)) {
              return Optional.empty();
            }
          }
          try (Connection db = server.database(name)) {
            return PostgresBaselines.version(db);
          } catch (SQLException e) {
            if (INVALID_CATALOG.equals(e.getSQLState())) {
              return Optional.empty(); // dropped while we looked
            }
            throw e;
          }
        });
  }

  @Override
  public void deprovision(DatabaseRef database) {
    String name = database.databaseName();
    PostgresNames names = new PostgresNames(name);
    call(
        "deprovision",
        name,
        database.server(),
        List.of(),
        server -> {
          try (AdminSession admin = session(server)) {
            admin.lock(name);
            admin.dropDatabase(name);
            admin.dropDatabase(names.copyStaging());
            for (String member : admin.membersOf(names.groups())) {
              dropCredentialRole(server, admin, names, member, false);
            }
            for (String group : names.groups()) {
              admin.dropRole(group);
            }
            log.debug("deprovisioned postgres database {} on server {}", name, server.id());
            return null;
          }
        });
  }

  // --- copying ---

  @Override
  public ProvisionedDatabase copy(DatabaseRef source, ProvisionRequest target, CopyMode mode) {
    String name = target.databaseName();
    String sourceName = source.databaseName();
    PostgresNames names = new PostgresNames(name);
    PostgresNames sourceNames = new PostgresNames(sourceName);
    return call(
        "copy " + sourceName + " to",
        name,
        target.server(),
        List.of(),
        server -> {
          if (source.server() == null || !source.server().id().equals(server.id())) {
            throw PostgresErrors.permanent(
                "copy " + sourceName + " to",
                name,
                server.id(),
                "the source must live on the same server as the copy");
          }
          if (sourceName.equals(name)) {
            throw PostgresErrors.permanent(
                "copy " + sourceName + " to",
                name,
                server.id(),
                "a database cannot be its own copy");
          }
          try (AdminSession admin = session(server)) {
            // Both names, in one order everywhere, so that copies A->B and B->A cannot deadlock.
            for (String locked : sorted(name, sourceName)) {
              admin.lock(locked);
            }
            boolean sourceExists = admin.databaseExists(sourceName);
            if (sourceExists) {
              admin.restoreConnections(sourceName);
            }
            if (admin.databaseExists(name)) {
              // Published by an earlier attempt: complete, perhaps in use. Only re-assert access.
              admin.restoreConnections(name);
              secureExisting(server, admin, names);
            } else {
              if (!sourceExists) {
                throw PostgresErrors.permanent(
                    "copy " + sourceName + " to",
                    name,
                    server.id(),
                    "the source database " + sourceName + " does not exist");
              }
              assemble(server, admin, sourceNames, names, mode);
            }
            try (Connection db = server.database(name)) {
              log.debug("copied postgres database {} to {} ({})", sourceName, name, mode);
              return describe(server, names, db, "copy " + sourceName + " to");
            }
          }
        });
  }

  /**
   * Builds the copy under a staging name and renames it when it is complete, so that a crash never
   * leaves a half-made copy (for a schema-only copy: one still holding data) under the final name.
   */
  private void assemble(
      PostgresServer server,
      AdminSession admin,
      PostgresNames source,
      PostgresNames target,
      CopyMode mode)
      throws SQLException {
    String staging = target.copyStaging();
    admin.dropDatabase(staging); // left by an attempt that crashed
    try (Connection db = server.database(source.database())) {
      if (PostgresBaselines.version(db).isEmpty()) {
        throw PostgresErrors.permanent(
            "copy " + source.database() + " to",
            target.database(),
            server.id(),
            "the source database has no baseline");
      }
    }
    // CREATE DATABASE ... TEMPLATE needs the source to itself: its sessions are ended and new ones
    // refused for as long as the copy takes; clients reconnect afterwards.
    admin.allowConnections(source.database(), false);
    try {
      admin.terminateSessionsOf(source.database());
      admin.createDatabase(staging, source.database());
    } finally {
      admin.allowConnections(source.database(), true);
    }
    for (String group : target.groups()) {
      admin.ensureGroup(group);
    }
    admin.lockDown(staging, target);
    // The source's roles (and a template's owner, if the source kept one) came along inside the
    // copy: hand what they own to the copy's admin group and forget their privileges here.
    List<String> foreign = new ArrayList<>(admin.existing(source.groups()));
    foreign.addAll(admin.actAs(admin.membersOf(source.groups())));
    List<String> sourceGroups = admin.existing(source.groups());
    try (Connection db = server.database(staging)) {
      Sql.inTransaction(
          db,
          c -> {
            DatabaseSetup.adopt(c, foreign, target.adminGroup());
            if (!sourceGroups.isEmpty()) {
              // DROP OWNED also revoked the source groups' CONNECT on the source: give it back in
              // the same transaction, so no session of the source ever sees it missing.
              Sql.execute(
                  c,
                  "GRANT CONNECT ON DATABASE "
                      + Sql.ident(source.database())
                      + " TO "
                      + Sql.idents(sourceGroups));
            }
            DatabaseSetup.secure(c, target);
            if (mode == CopyMode.SCHEMA_ONLY) {
              DatabaseSetup.removeData(c);
            }
          });
    }
    admin.renameDatabase(staging, target.database());
  }

  /** Re-asserts the groups and privileges of a database that exists. */
  private void secureExisting(PostgresServer server, AdminSession admin, PostgresNames names)
      throws SQLException {
    for (String group : names.groups()) {
      admin.ensureGroup(group);
    }
    admin.lockDown(names.database(), names);
    try (Connection db = server.database(names.database())) {
      Sql.inTransaction(db, c -> DatabaseSetup.secure(c, names));
    }
  }

  // --- credentials ---

  @Override
  public IssuedCredential issueCredential(DatabaseRef database, CredentialRequest request) {
    String name = database.databaseName();
    PostgresNames names = new PostgresNames(name);
    String username = request.username();
    String group = names.group(request.scope());
    byte[] random = new byte[SECRET_BYTES];
    this.random.nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String action = "issue credential " + username + " for";
    call(
        action,
        name,
        database.server(),
        List.of(secret),
        server -> {
          try (AdminSession admin = session(server)) {
            admin.lock(name);
            if (!admin.databaseExists(name)) {
              throw PostgresErrors.permanent(
                  action, name, server.id(), "the database does not exist");
            }
            if (admin.existing(names.groups()).size() != names.groups().size()) {
              throw PostgresErrors.permanent(
                  action,
                  name,
                  server.id(),
                  "its group roles are missing (the database is not fully provisioned)");
            }
            boolean exists = admin.roleExists(username);
            if (exists && !isCredentialOf(admin, names, username)) {
              throw PostgresErrors.permanent(
                  action,
                  name,
                  server.id(),
                  "a role named "
                      + username
                      + " already exists on the server and is not a credential of this database");
            }
            Sql.inTransaction(
                admin.connection(),
                c -> {
                  if (!exists) {
                    Sql.execute(
                        c,
                        "CREATE ROLE "
                            + Sql.ident(username)
                            + " LOGIN IN ROLE "
                            + Sql.ident(group));
                  }
                  Sql.execute(c, "GRANT " + Sql.ident(group) + " TO " + Sql.ident(username));
                  for (String other : names.groups()) {
                    if (!other.equals(group)
                        && Sql.exists(
                            c,
                            "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                                + " JOIN pg_roles r ON r.oid = m.member"
                                + " WHERE g.rolname = ? AND r.rolname = ?",
                            other,
                            username)) {
                      Sql.execute(c, "REVOKE " + Sql.ident(other) + " FROM " + Sql.ident(username));
                    }
                  }
                  Instant expiresAt = request.expiresAt();
                  Sql.execute(
                      c,
                      "ALTER ROLE "
                          + Sql.ident(username)
                          + " WITH LOGIN VALID UNTIL "
                          + Sql.literal(expiresAt == null ? "infinity" : expiresAt.toString()));
                  Sql.execute(
                      c, "ALTER ROLE " + Sql.ident(username) + " SET role = " + Sql.literal(group));
                  // The client computes the SCRAM verifier: the secret itself never reaches the
                  // server, its logs or pg_stat_activity.
                  char[] password = secret.toCharArray();
                  try {
                    c.unwrap(PGConnection.class)
                        .alterUserPassword(username, password, "scram-sha-256");
                  } finally {
                    Arrays.fill(password, '\0');
                  }
                });
            log.debug(
                "issued {} credential {} for postgres database {}",
                request.scope(),
                username,
                name);
            return null;
          }
        });
    return new IssuedCredential(username, secret, request.scope(), request.expiresAt());
  }

  @Override
  public void revokeCredential(DatabaseRef database, String username) {
    String name = database.databaseName();
    if (!DatabaseName.PATTERN.matcher(username).matches()) {
      return; // no credential of this driver can have such a name
    }
    PostgresNames names = new PostgresNames(name);
    call(
        "revoke credential " + username + " of",
        name,
        database.server(),
        List.of(),
        server -> {
          try (AdminSession admin = session(server)) {
            admin.lock(name);
            if (isCredentialOf(admin, names, username)) {
              dropCredentialRole(server, admin, names, username, true);
              log.debug("revoked credential {} of postgres database {}", username, name);
            }
            return null;
          }
        });
  }

  @Override
  public ConnectionSpec connectionSpec(DatabaseRef database, IssuedCredential credential) {
    String name = database.databaseName();
    return call(
        "describe the connection to",
        name,
        database.server(),
        List.of(),
        server ->
            new ConnectionSpec(
                server.clientUrl(name),
                Map.of("user", credential.username(), "password", credential.secret())));
  }

  // --- health ---

  @Override
  public Health health(@Nullable ServerTarget target) {
    if (target == null) {
      return Health.up("the postgres driver is loaded; it checks servers when given one");
    }
    PostgresServer server;
    try {
      server = PostgresServer.of(target, settings);
    } catch (IllegalArgumentException e) {
      return Health.down(PostgresErrors.redact(e.getMessage(), secretsOf(target)));
    }
    try (Connection connection = server.forHealthCheck()) {
      Sql.execute(
          connection, "SET statement_timeout = '" + settings.healthTimeout().toMillis() + "ms'");
      String version = Sql.single(connection, "SELECT current_setting('server_version')");
      Sql.single(connection, "SELECT 1");
      return Health.up("PostgreSQL " + version + " on " + server.describe() + " answers");
    } catch (Exception e) {
      String reason =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getMessage().strip().lines().findFirst().orElse("");
      return Health.down(
          PostgresErrors.redact(
              server.describe() + " does not answer: " + reason, server.secrets()));
    }
  }

  // --- helpers ---

  /** How the database came to be in this call. */
  private enum Creation {
    EXISTED,
    EMPTY,
    FROM_TEMPLATE
  }

  private Creation create(PostgresServer server, AdminSession admin, String name, Baseline baseline)
      throws SQLException {
    if (admin.databaseExists(name)) {
      return Creation.EXISTED;
    }
    if (settings.baselineStrategy() == BaselineStrategy.FLYWAY) {
      return admin.createDatabase(name, null) ? Creation.EMPTY : Creation.EXISTED;
    }
    for (int attempt = 1; ; attempt++) {
      String template = templates.prepare(server, admin, baseline);
      admin.lockShared(PostgresTemplates.lockKey(template));
      try {
        return admin.createDatabase(name, template) ? Creation.FROM_TEMPLATE : Creation.EXISTED;
      } catch (SQLException e) {
        if (!INVALID_CATALOG.equals(e.getSQLState()) || attempt > 1) {
          throw e;
        }
        templates.forget(server, baseline); // dropped behind our back: build it again
      } finally {
        admin.unlockShared(PostgresTemplates.lockKey(template));
      }
    }
  }

  /** Whether the role is a member of this database's groups and of no other role. */
  private static boolean isCredentialOf(AdminSession admin, PostgresNames names, String role)
      throws SQLException {
    List<String> groups = admin.groupsOf(role);
    return !groups.isEmpty() && names.groups().containsAll(groups);
  }

  /**
   * Stops and drops a credential's LOGIN role. A role that is also a member of other groups is only
   * cut off from this database.
   */
  private static void dropCredentialRole(
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
        Sql.execute(
            db, "REASSIGN OWNED BY " + Sql.ident(role) + " TO " + Sql.ident(names.adminGroup()));
        Sql.execute(db, "DROP OWNED BY " + Sql.ident(role));
      }
    }
    admin.dropRole(role);
  }

  private ProvisionedDatabase describe(
      PostgresServer server, PostgresNames names, Connection db, String action)
      throws SQLException {
    String version =
        PostgresBaselines.version(db)
            .orElseThrow(
                () ->
                    PostgresErrors.permanent(
                        action, names.database(), server.id(), "no baseline version is recorded"));
    // Only facts that never change, so that repeated calls return equal results.
    return new ProvisionedDatabase(
        names.database(),
        server.clientUrl(names.database()),
        version,
        Map.of(
            "server", server.id(),
            "adminRole", names.adminGroup(),
            "readwriteRole", names.readwriteGroup(),
            "readonlyRole", names.readonlyGroup()));
  }

  private AdminSession session(PostgresServer server) throws SQLException {
    return AdminSession.open(server, settings.lockTimeout());
  }

  private static List<String> sorted(String first, String second) {
    return first.compareTo(second) <= 0 ? List.of(first, second) : List.of(second, first);
  }

  private static List<String> secretsOf(ServerTarget target) {
    return target.adminSecret() == null ? List.of() : List.of(target.adminSecret());
  }

  /** Work against one server that may fail with anything. */
  @FunctionalInterface
  private interface ServerWork<T> {
    T run(PostgresServer server) throws Exception;
  }

  /**
   * Runs work against the server, turning every failure into a {@link DriverException} whose
   * message names the action and database and masks the secrets.
   */
  private <T> T call(
      String action,
      String database,
      @Nullable ServerTarget target,
      List<String> extraSecrets,
      ServerWork<T> work) {
    PostgresServer server;
    try {
      server = PostgresServer.of(target, settings);
    } catch (IllegalArgumentException e) {
      throw PostgresErrors.permanent(
          action,
          database,
          target == null ? null : target.id(),
          PostgresErrors.redact(
              Objects.requireNonNullElse(e.getMessage(), "unusable server"),
              target == null ? extraSecrets : concat(secretsOf(target), extraSecrets)));
    }
    try {
      return work.run(server);
    } catch (DriverException e) {
      throw e;
    } catch (Exception e) {
      throw PostgresErrors.failure(
          action, database, server.id(), e, concat(server.secrets(), extraSecrets));
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
