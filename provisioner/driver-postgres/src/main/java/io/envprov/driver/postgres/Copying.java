package io.envprov.driver.postgres;

import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copying a database to a new one on the same server: {@code CREATE DATABASE ... TEMPLATE <source>}
 * under a staging name, set up for its own groups, emptied for a schema-only copy, then renamed, so
 * that a copy only ever appears under its final name complete.
 */
final class Copying {

  private static final Logger log = LoggerFactory.getLogger(Copying.class);

  ProvisionedDatabase copy(
      PostgresServer server, DatabaseRef source, ProvisionRequest target, CopyMode mode)
      throws SQLException {
    String name = target.databaseName();
    String sourceName = source.databaseName();
    String action = "copy " + sourceName + " to";
    PostgresNames names = new PostgresNames(name);
    PostgresNames sourceNames = new PostgresNames(sourceName);
    if (source.server() == null || !source.server().id().equals(server.id())) {
      throw PostgresErrors.permanent(
          action, name, server.id(), "the source must live on the same server as the copy");
    }
    if (sourceName.equals(name)) {
      throw PostgresErrors.permanent(
          action, name, server.id(), "a database cannot be its own copy");
    }
    try (AdminSession admin = AdminSession.open(server)) {
      // Both names, in one order everywhere, so that copies A->B and B->A cannot deadlock.
      for (String locked : sorted(name, sourceName)) {
        admin.lock(locked);
      }
      boolean sourceExists = admin.databaseExists(sourceName);
      if (sourceExists) {
        admin.restoreConnections(sourceName);
      }
      Optional<String> version;
      if (admin.databaseExists(name)) {
        // Published by an earlier attempt: complete, perhaps in use. Only re-assert access.
        admin.restoreConnections(name);
        secureExisting(server, admin, names);
        version = versionOf(server, admin, names, name);
      } else {
        if (!sourceExists) {
          throw PostgresErrors.permanent(
              action, name, server.id(), "the source database " + sourceName + " does not exist");
        }
        version = Optional.of(assemble(server, admin, sourceNames, names, mode));
      }
      log.debug("copied postgres database {} to {} ({})", sourceName, name, mode);
      return Provisioning.describe(
          server, names, Provisioning.requireVersion(server, names, version, action));
    }
  }

  /**
   * The version in a database of the copy's groups, read as a probe login of its readonly group:
   * the schema history came from the source, whose tenant owned it and may have made it run code.
   */
  private static Optional<String> versionOf(
      PostgresServer server, AdminSession admin, PostgresNames names, String database)
      throws SQLException {
    try (ProbeLogin probe = ProbeLogin.create(server, admin, names, names.readonlyGroup())) {
      return probe.version(database);
    }
  }

  /**
   * Builds the copy under a staging name and renames it when it is complete, so that a crash never
   * leaves a half-made copy (for a schema-only copy: one still holding data) under the final name.
   */
  private String assemble(
      PostgresServer server,
      AdminSession admin,
      PostgresNames source,
      PostgresNames target,
      CopyMode mode)
      throws SQLException {
    String staging = target.copyStaging();
    admin.dropDatabase(staging); // left by an attempt that crashed
    try (Connection db = server.database(source.database())) {
      // A catalog look-up only: the history is the tenant's, its version is read in the copy.
      if (!PostgresBaselines.hasHistory(db)) {
        throw noBaseline(server, source, target);
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
    admin.ensureGroups(
        target.groups(),
        AdminSession.rolesFound(
            Sql.single(
                admin.connection(), "SELECT " + AdminSession.rolesExpression(target.groups()))),
        AdminSession.lockDownStatements(staging, target));
    // The source's roles (and a template's owner, if the source kept one) came along inside the
    // copy: hand what they own to the copy's admin group and forget their privileges here.
    List<String> sourceGroups = admin.existing(source.groups());
    List<String> foreign = new ArrayList<>(sourceGroups);
    foreign.addAll(admin.actAs(admin.membersOf(source.groups())));
    List<String> statements = new ArrayList<>(DatabaseSetup.adopt(foreign, target.adminGroup()));
    if (!sourceGroups.isEmpty()) {
      // DROP OWNED also revoked the source groups' CONNECT on the source: give it back in the same
      // transaction, so no session of the source ever sees it missing.
      statements.add(
          "GRANT CONNECT ON DATABASE "
              + Sql.ident(source.database())
              + " TO "
              + Sql.idents(sourceGroups));
    }
    statements.addAll(DatabaseSetup.secure(target));
    try (Connection db = server.database(staging)) {
      Sql.inTransaction(
          db,
          c -> {
            Sql.batch(c, statements);
            if (mode == CopyMode.SCHEMA_ONLY) {
              DatabaseSetup.removeData(c);
            }
          });
    }
    Optional<String> version = versionOf(server, admin, target, staging);
    if (version.isEmpty()) {
      admin.dropDatabase(staging);
      throw noBaseline(server, source, target);
    }
    admin.renameDatabase(staging, target.database());
    return version.get();
  }

  private static RuntimeException noBaseline(
      PostgresServer server, PostgresNames source, PostgresNames target) {
    return PostgresErrors.permanent(
        "copy " + source.database() + " to",
        target.database(),
        server.id(),
        "the source database has no baseline");
  }

  /** Re-asserts the groups and privileges of a database that exists. */
  private static void secureExisting(PostgresServer server, AdminSession admin, PostgresNames names)
      throws SQLException {
    for (String group : names.groups()) {
      admin.ensureGroup(group);
    }
    admin.lockDown(names.database(), names);
    try (Connection db = server.database(names.database())) {
      Sql.inTransaction(db, c -> Sql.batch(c, DatabaseSetup.secure(names)));
    }
  }

  private static List<String> sorted(String first, String second) {
    return first.compareTo(second) <= 0 ? List.of(first, second) : List.of(second, first);
  }
}
