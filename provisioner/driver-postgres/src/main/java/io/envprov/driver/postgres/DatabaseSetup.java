package io.envprov.driver.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The steps run inside one environment database, connected as the server admin. Each is idempotent;
 * callers group them in transactions.
 */
final class DatabaseSetup {

  /** Flyway's schema history: the proof of the baseline, written only by the admin group. */
  static final String HISTORY = "flyway_schema_history";

  private DatabaseSetup() {}

  /**
   * Gives everything the roles own in this database to the admin group and removes their privileges
   * and default privileges here. Used for what a copy or a template brought along.
   *
   * <p>Beware: {@code DROP OWNED} also revokes the roles' privileges on shared objects, databases
   * included; callers re-grant what the roles need elsewhere in the same transaction.
   */
  static void adopt(Connection db, List<String> roles, String adminGroup) throws SQLException {
    if (roles.isEmpty()) {
      return;
    }
    Sql.execute(db, "REASSIGN OWNED BY " + Sql.idents(roles) + " TO " + Sql.ident(adminGroup));
    // One role at a time: DROP OWNED of several roles fails ("could not find tuple for default
    // ACL") when one default-privilege entry names two of them, as the admin's grants to the
    // readwrite group do.
    for (String role : roles) {
      Sql.execute(db, "DROP OWNED BY " + Sql.ident(role));
    }
  }

  /**
   * The admin group owns schema {@code public}; readwrite may use it and change data, readonly may
   * read; {@code PUBLIC} may do nothing; tables and sequences the admin group creates later get the
   * same grants by default.
   */
  static void secure(Connection db, PostgresNames names) throws SQLException {
    String admin = Sql.ident(names.adminGroup());
    String readwrite = Sql.ident(names.readwriteGroup());
    String readonly = Sql.ident(names.readonlyGroup());
    Sql.execute(db, "CREATE SCHEMA IF NOT EXISTS public AUTHORIZATION " + admin);
    Sql.execute(db, "ALTER SCHEMA public OWNER TO " + admin);
    Sql.execute(db, "REVOKE ALL ON SCHEMA public FROM PUBLIC");
    Sql.execute(db, "GRANT USAGE ON SCHEMA public TO " + readwrite + ", " + readonly);
    Sql.execute(
        db, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + readwrite);
    Sql.execute(
        db, "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + readwrite);
    Sql.execute(db, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + readonly);
    Sql.execute(db, "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO " + readonly);
    String defaults = "ALTER DEFAULT PRIVILEGES FOR ROLE " + admin + " IN SCHEMA public GRANT ";
    Sql.execute(db, defaults + "SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + readwrite);
    Sql.execute(db, defaults + "USAGE, SELECT, UPDATE ON SEQUENCES TO " + readwrite);
    Sql.execute(db, defaults + "SELECT ON TABLES TO " + readonly);
    Sql.execute(db, defaults + "SELECT ON SEQUENCES TO " + readonly);
    protectHistory(db, names);
  }

  /** Takes back from readwrite what the blanket grants gave it on the schema history. */
  static void protectHistory(Connection db, PostgresNames names) throws SQLException {
    if (Sql.single(db, "SELECT to_regclass('public." + HISTORY + "')") != null) {
      Sql.execute(
          db,
          "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public."
              + HISTORY
              + " FROM "
              + Sql.ident(names.readwriteGroup()));
    }
  }

  /**
   * Deletes every row of user data and keeps the schema: all tables but the schema history are
   * truncated (their identity sequences restarted), materialized views emptied and large objects
   * removed.
   */
  static void removeData(Connection db) throws SQLException {
    String userObjects =
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
    List<String> tables =
        Sql.strings(
            db,
            "SELECT format('%I.%I', n.nspname, c.relname)"
                + userObjects
                + " AND c.relkind IN ('r', 'p')"
                + " AND NOT (n.nspname = 'public' AND c.relname = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                + " AND d.objid = c.oid AND d.deptype = 'e')",
            HISTORY);
    if (!tables.isEmpty()) {
      Sql.execute(db, "TRUNCATE TABLE " + String.join(", ", tables) + " RESTART IDENTITY");
    }
    for (String view :
        Sql.strings(
            db,
            "SELECT format('%I.%I', n.nspname, c.relname)"
                + userObjects
                + " AND c.relkind = 'm' AND c.relispopulated")) {
      Sql.execute(db, "REFRESH MATERIALIZED VIEW " + view + " WITH NO DATA");
    }
    Sql.strings(db, "SELECT lo_unlink(oid) FROM pg_largeobject_metadata");
  }
}
