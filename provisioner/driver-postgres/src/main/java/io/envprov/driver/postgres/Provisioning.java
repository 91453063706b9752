package io.envprov.driver.postgres;

import io.envprov.driver.postgres.PostgresSettings.BaselineStrategy;
import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating a database with its groups, privileges and baseline, and the read-only look-ups.
 *
 * <p>A new database from the template costs, besides {@code CREATE DATABASE} itself, five round
 * trips on a pooled admin connection and one login to the new database: the locks with a state
 * query, the {@code CREATE DATABASE}, the groups with the lock-down, then in the new database one
 * transaction (adoption of the template's objects, privileges, and the baseline version read back)
 * and its commit, and the release of the locks.
 */
final class Provisioning {

  private static final Logger log = LoggerFactory.getLogger(Provisioning.class);

  static final String INVALID_CATALOG = "3D000";

  private final PostgresSettings settings;
  private final PostgresBaselines baselines;
  private final PostgresTemplates templates;

  Provisioning(
      PostgresSettings settings, PostgresBaselines baselines, PostgresTemplates templates) {
    this.settings = settings;
    this.baselines = baselines;
    this.templates = templates;
  }

  /** How the database came to be in this call. */
  private enum Creation {
    EXISTED,
    EMPTY,
    FROM_TEMPLATE
  }

  ProvisionedDatabase provision(PostgresServer server, ProvisionRequest request)
      throws SQLException {
    String name = request.databaseName();
    PostgresNames names = new PostgresNames(name);
    Baseline baseline = request.baseline();
    boolean fromTemplate = settings.baselineStrategy() == BaselineStrategy.TEMPLATE;
    String templateRole = PostgresNames.template(baseline);
    try (AdminSession admin = AdminSession.open(server)) {
      // Brought up to date once per process (under its own lock); a no-op afterwards.
      String template = fromTemplate ? templates.prepare(server, admin, baseline) : null;
      List<@Nullable String> state =
          admin.lockThenRead(
              List.of(name),
              template == null ? List.of() : List.of(PostgresTemplates.lockKey(template)),
              "SELECT (SELECT datallowconn::text FROM pg_catalog.pg_database WHERE datname = "
                  + Sql.literal(name)
                  + "), "
                  + AdminSession.rolesExpression(names.groups())
                  + ", EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = "
                  + Sql.literal(templateRole)
                  + ")");
      @Nullable String allowConnections = state.get(0);
      Creation creation;
      if (allowConnections != null) {
        creation = Creation.EXISTED;
        if ("false".equals(allowConnections)) {
          log.info("allowing connections to postgres database {} again", name);
          admin.allowConnections(name, true);
        }
      } else if (template == null) {
        creation = admin.createDatabase(name, null) ? Creation.EMPTY : Creation.EXISTED;
      } else {
        creation = createFromTemplate(server, admin, name, template, baseline);
      }
      admin.ensureGroups(
          names.groups(),
          AdminSession.rolesFound(state.get(1)),
          AdminSession.lockDownStatements(name, names));
      // What a template (of this or an earlier attempt) brought along.
      List<String> foreign = "t".equals(state.get(2)) ? List.of(templateRole) : List.of();
      try (Connection db = server.database(name)) {
        String version;
        if (creation == Creation.FROM_TEMPLATE) {
          // The template holds the baseline: set up and read the version back in one go. The
          // database was made by this call from a template no tenant reaches, and no credential
          // can own anything in it before this transaction: nothing here is a tenant's.
          List<String> statements =
              new ArrayList<>(DatabaseSetup.adopt(foreign, names.adminGroup()));
          statements.addAll(DatabaseSetup.secure(names));
          statements.add(DatabaseSetup.versionsQuery());
          List<@Nullable String> versions = new ArrayList<>();
          Sql.inTransaction(
              db, c -> Sql.batchRows(c, statements).forEach(row -> versions.add(row.get(0))));
          version = requireVersion(server, names, PostgresBaselines.highest(versions), "provision");
        } else {
          // The database may hold what a tenant made (it existed: a retry, or "already exists"):
          // only DDL here as the admin; Flyway and the version read run as a probe login.
          List<String> statements =
              new ArrayList<>(DatabaseSetup.adopt(foreign, names.adminGroup()));
          statements.addAll(DatabaseSetup.secure(names));
          Sql.inTransaction(db, c -> Sql.batch(c, statements));
          Optional<String> found;
          try (ProbeLogin probe = ProbeLogin.create(server, admin, names, names.adminGroup())) {
            baselines.migrate(probe.dataSource(name), names.adminGroup(), baseline);
            Sql.execute(db, DatabaseSetup.protectHistory(names));
            found = probe.version(name);
          }
          version = requireVersion(server, names, found, "provision");
        }
        log.debug(
            "provisioned postgres database {} on server {} ({})", name, server.id(), creation);
        return describe(server, names, version);
      }
    }
  }

  /**
   * {@code CREATE DATABASE ... TEMPLATE}, holding the template's shared lock (taken with the
   * state). A template dropped behind this process's back is built again, once.
   */
  private Creation createFromTemplate(
      PostgresServer server, AdminSession admin, String name, String template, Baseline baseline)
      throws SQLException {
    try {
      return admin.createDatabase(name, template, settings.createStrategy())
          ? Creation.FROM_TEMPLATE
          : Creation.EXISTED;
    } catch (SQLException e) {
      if (!INVALID_CATALOG.equals(e.getSQLState())) {
        throw e;
      }
    }
    admin.unlockShared(PostgresTemplates.lockKey(template));
    templates.forget(server, baseline);
    String rebuilt = templates.prepare(server, admin, baseline);
    admin.lockShared(PostgresTemplates.lockKey(rebuilt));
    return admin.createDatabase(name, rebuilt, settings.createStrategy())
        ? Creation.FROM_TEMPLATE
        : Creation.EXISTED;
  }

  boolean exists(PostgresServer server, String name) throws SQLException {
    try (AdminSession admin = AdminSession.open(server)) {
      return admin.databaseExists(name);
    }
  }

  List<String> databases(PostgresServer server, String prefix) throws SQLException {
    try (AdminSession admin = AdminSession.open(server)) {
      return admin.databasesStartingWith(prefix);
    }
  }

  /**
   * The version recorded in the database, read as a probe login of its readonly group (the schema
   * history is the tenant's); empty when the database or its groups do not exist.
   */
  Optional<String> baselineVersion(PostgresServer server, String name) throws SQLException {
    PostgresNames names = new PostgresNames(name);
    try (AdminSession admin = AdminSession.open(server)) {
      admin.lock(name);
      if (!admin.databaseExists(name) || admin.existing(List.of(names.readonlyGroup())).isEmpty()) {
        return Optional.empty();
      }
      try (ProbeLogin probe = ProbeLogin.create(server, admin, names, names.readonlyGroup())) {
        return probe.version(name);
      }
    }
  }

  static String requireVersion(
      PostgresServer server, PostgresNames names, Optional<String> version, String action) {
    return version.orElseThrow(
        () ->
            PostgresErrors.permanent(
                action, names.database(), server.id(), "no baseline version is recorded"));
  }

  /**
   * What a call returns: only facts that never change, so that repeated calls return equal results.
   */
  static ProvisionedDatabase describe(PostgresServer server, PostgresNames names, String version) {
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
}
