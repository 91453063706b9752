package io.envprov.driver.postgres;

import io.envprov.driver.spi.Baseline;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One template database per baseline and server, {@code envprov_tpl_<hash of the location>}, owned
 * by the server admin, closed to {@code PUBLIC}, its objects owned by a NOLOGIN role of the same
 * name. New databases are {@code CREATE DATABASE ... TEMPLATE} copies of it, and the copy's objects
 * are then reassigned to the copy's admin group.
 *
 * <p>Templates stay on the server (other replicas share them). The first use in this process brings
 * the template up to date with the baseline on its class path, under an exclusive advisory lock;
 * copying from it takes the shared lock, so nobody is connected to the template while it is copied.
 */
final class PostgresTemplates {

  private static final Logger log = LoggerFactory.getLogger(PostgresTemplates.class);

  private final PostgresBaselines baselines;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();

  PostgresTemplates(PostgresBaselines baselines) {
    this.baselines = baselines;
  }

  /** The advisory lock key of a template (distinct from any database name's key). */
  static String lockKey(String template) {
    return "template:" + template;
  }

  /**
   * The name of the baseline's template, created or brought up to date when this process has not
   * done so yet. Holds no lock on return.
   */
  String prepare(PostgresServer server, AdminSession admin, Baseline baseline) throws SQLException {
    String template = PostgresNames.template(baseline);
    String key = server.id() + '\n' + template;
    if (ready.contains(key)) {
      return template;
    }
    admin.lock(lockKey(template));
    try {
      admin.ensureGroup(template);
      if (admin.createDatabase(template, null)) {
        log.info("created postgres template {} for baseline {}", template, baseline.location());
      }
      admin.restoreConnections(template);
      Connection connection = admin.connection();
      Sql.execute(
          connection,
          "REVOKE CONNECT, TEMPORARY ON DATABASE " + Sql.ident(template) + " FROM PUBLIC");
      Sql.execute(
          connection,
          "COMMENT ON DATABASE "
              + Sql.ident(template)
              + " IS "
              + Sql.literal(
                  "envprov: template of the baseline "
                      + baseline.location().replace('\\', '/')
                      + "; dropped, it is rebuilt on next use"));
      try (Connection db = server.database(template)) {
        Sql.execute(db, "REVOKE ALL ON SCHEMA public FROM PUBLIC");
        Sql.execute(db, "GRANT USAGE, CREATE ON SCHEMA public TO " + Sql.ident(template));
      }
      // Only the admin and the template's NOLOGIN role ever reach a template.
      baselines.migrate(server.dataSource(template), template, baseline);
      try (Connection db = server.database(template)) {
        if (PostgresBaselines.version(db).isEmpty()) {
          throw new SQLException(
              "the baseline " + baseline.location() + " left no version in " + template, "XX000");
        }
      }
      ready.add(key);
      return template;
    } finally {
      admin.unlock(lockKey(template));
    }
  }

  /** Forgets that the template was checked, e.g. after someone dropped it. */
  void forget(PostgresServer server, Baseline baseline) {
    ready.remove(server.id() + '\n' + PostgresNames.template(baseline));
  }
}
