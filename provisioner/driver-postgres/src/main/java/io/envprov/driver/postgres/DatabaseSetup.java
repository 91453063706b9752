package io.envprov.driver.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The statements run inside one environment database, connected as the server admin. Each is
 * idempotent; callers send them in one round trip ({@link Sql#batch}) inside a transaction.
 *
 * <p>The admin's search path is {@code pg_catalog} only ({@link
 * PostgresServer#PINNED_SEARCH_PATH}), and nothing here reads a tenant's relation or fires a
 * tenant's trigger: DDL, catalog queries, and {@code TRUNCATE} with the tenant's truncate triggers
 * off.
 */
final class DatabaseSetup {

  /** Flyway's schema history: the proof of the baseline, written only by the admin group. */
  static final String HISTORY = "flyway_schema_history";

  /** {@code TRIGGER_TYPE_TRUNCATE} of {@code pg_trigger.tgtype}. */
  private static final int TRIGGER_TYPE_TRUNCATE = 1 << 5;

  private DatabaseSetup() {}

  /**
   * Gives everything the roles own in this database to the admin group and removes their privileges
   * and default privileges here. Used for what a copy or a template brought along.
   *
   * <p>Beware: {@code DROP OWNED} also revokes the roles' privileges on shared objects, databases
   * included; callers re-grant what the roles need elsewhere in the same transaction.
   */
  static List<String> adopt(List<String> roles, String adminGroup) {
    if (roles.isEmpty()) {
      return List.of();
    }
    List<String> statements = new ArrayList<>();
    statements.add("REASSIGN OWNED BY " + Sql.idents(roles) + " TO " + Sql.ident(adminGroup));
    // One role at a time: DROP OWNED of several roles fails ("could not find tuple for default
    // ACL") when one default-privilege entry names two of them, as the admin's grants to the
    // readwrite group do.
    for (String role : roles) {
      statements.add("DROP OWNED BY " + Sql.ident(role));
    }
    return statements;
  }

  /**
   * The admin group owns schema {@code public}; readwrite may use it and change data, readonly may
   * read; {@code PUBLIC} may do nothing; tables and sequences the admin group creates later get the
   * same grants by default; readwrite may not change the schema history.
   */
  static List<String> secure(PostgresNames names) {
    String admin = Sql.ident(names.adminGroup());
    List<String> statements = new ArrayList<>();
    statements.add("CREATE SCHEMA IF NOT EXISTS public AUTHORIZATION " + admin);
    statements.add("ALTER SCHEMA public OWNER TO " + admin);
    statements.addAll(grants(names));
    return statements;
  }

  /**
   * The privileges of {@link #secure} on a schema {@code public} the admin group owns already: what
   * a member of the admin group may run itself (a restore runs them in its own transaction, as a
   * {@link ProbeLogin}, see {@link Snapshots}).
   */
  static List<String> grants(PostgresNames names) {
    String admin = Sql.ident(names.adminGroup());
    String readwrite = Sql.ident(names.readwriteGroup());
    String readonly = Sql.ident(names.readonlyGroup());
    String defaults = "ALTER DEFAULT PRIVILEGES FOR ROLE " + admin + " IN SCHEMA public GRANT ";
    List<String> statements = new ArrayList<>();
    statements.add("REVOKE ALL ON SCHEMA public FROM PUBLIC");
    statements.add("GRANT USAGE ON SCHEMA public TO " + readwrite + ", " + readonly);
    statements.add(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + readwrite);
    statements.add("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + readwrite);
    statements.add("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + readonly);
    statements.add("GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO " + readonly);
    statements.add(defaults + "SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + readwrite);
    statements.add(defaults + "USAGE, SELECT, UPDATE ON SEQUENCES TO " + readwrite);
    statements.add(defaults + "SELECT ON TABLES TO " + readonly);
    statements.add(defaults + "SELECT ON SEQUENCES TO " + readonly);
    statements.add(protectHistory(names));
    return statements;
  }

  /**
   * Takes back from readwrite what the blanket grants gave it on the schema history, if there is
   * one yet: one statement.
   */
  static String protectHistory(PostgresNames names) {
    return "DO $envprov$ BEGIN IF to_regclass('public."
        + HISTORY
        + "') IS NOT NULL THEN REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public."
        + HISTORY
        + " FROM "
        + Sql.ident(names.readwriteGroup())
        + "; END IF; END $envprov$";
  }

  /**
   * Fails the transaction unless the database has a schema history: a restored snapshot must carry
   * its baseline.
   */
  static String requireHistory() {
    return "DO $envprov$ BEGIN IF pg_catalog.to_regclass('public."
        + HISTORY
        + "') IS NULL THEN RAISE EXCEPTION 'the snapshot carries no baseline (no public."
        + HISTORY
        + ")'; END IF; END $envprov$";
  }

  /**
   * Drops every object of schema {@code public} that belongs to no extension, and every large
   * object, as one statement run by a member of the admin group (which owns them all): what a
   * restore in place clears before it loads the snapshot, in the same transaction. Objects go in
   * rounds, each in a subtransaction, until none is left (an object another one depends on goes
   * with it, {@code CASCADE}); what cannot be dropped fails the statement, naming the object.
   * Objects that belong to another one (an index, an identity sequence, a table's row type) go with
   * their owner.
   */
  static String clearPublicSchema() {
    return """
        DO $envprov$
        DECLARE
          item record;
          statement text;
          dropped integer;
          failure text;
        BEGIN
          FOR round IN 1..50 LOOP
            dropped := 0;
            failure := NULL;
            FOR item IN
              SELECT o.type, o.identity, t.typtype
              FROM pg_catalog.pg_depend d
              CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classid, d.objid, 0) o
              LEFT JOIN pg_catalog.pg_type t
                ON d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid = d.objid
              WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                AND d.refobjid = 'public'::pg_catalog.regnamespace AND d.deptype = 'n'
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                  WHERE e.classid = d.classid AND e.objid = d.objid AND e.objsubid = 0
                  AND e.deptype IN ('e', 'i', 'a'))
            LOOP
              statement := 'DROP ' || CASE
                  WHEN item.type = 'type' AND item.typtype = 'd' THEN 'DOMAIN'
                  WHEN item.type IN ('type', 'composite type') THEN 'TYPE'
                  WHEN item.type = 'statistics object' THEN 'STATISTICS'
                  ELSE pg_catalog.upper(item.type) END
                || ' IF EXISTS ' || item.identity || ' CASCADE';
              BEGIN
                EXECUTE statement;
                dropped := dropped + 1;
              EXCEPTION WHEN OTHERS THEN
                failure := statement || ': ' || SQLERRM;
              END;
            END LOOP;
            EXIT WHEN failure IS NULL OR dropped = 0;
          END LOOP;
          SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) INTO item
            FROM pg_catalog.pg_depend d
            WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
              AND d.refobjid = 'public'::pg_catalog.regnamespace AND d.deptype = 'n'
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                WHERE e.classid = d.classid AND e.objid = d.objid AND e.deptype = 'e')
            LIMIT 1;
          IF FOUND THEN
            RAISE EXCEPTION 'schema public cannot be emptied: % is left (%)',
              item.pg_describe_object, COALESCE(failure, 'no error');
          END IF;
          PERFORM pg_catalog.lo_unlink(l.oid) FROM pg_catalog.pg_largeobject_metadata l;
        END
        $envprov$""";
  }

  /** The versions Flyway applied successfully; the schema history must exist. */
  static String versionsQuery() {
    return "SELECT version FROM public." + HISTORY + " WHERE success AND version IS NOT NULL";
  }

  /**
   * Truncates the tables (the caller's transaction) with their {@code TRUNCATE} triggers off: they
   * are the tenant's code, and this runs as the server admin. {@code session_replication_role}
   * would not do: a trigger enabled {@code ALWAYS} fires in every mode. Each trigger is put back as
   * it was.
   */
  private static void truncateWithoutTriggers(Connection db, List<String> tables)
      throws SQLException {
    List<List<@Nullable String>> triggers =
        Sql.batchRows(
            db,
            List.of(
                "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname),"
                    + " pg_catalog.quote_ident(t.tgname), t.tgenabled::text"
                    + " FROM pg_catalog.pg_trigger t"
                    + " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'"
                    + " AND (t.tgtype & "
                    + TRIGGER_TYPE_TRUNCATE
                    + ") <> 0"));
    List<String> off = new ArrayList<>();
    List<String> on = new ArrayList<>();
    for (List<@Nullable String> trigger : triggers) {
      String table = String.valueOf(trigger.get(0));
      if (!tables.contains(table)) {
        continue;
      }
      String name = String.valueOf(trigger.get(1));
      off.add("ALTER TABLE " + table + " DISABLE TRIGGER " + name);
      String mode =
          switch (String.valueOf(trigger.get(2))) {
            case "A" -> "ENABLE ALWAYS";
            case "R" -> "ENABLE REPLICA";
            default -> "ENABLE";
          };
      on.add("ALTER TABLE " + table + " " + mode + " TRIGGER " + name);
    }
    List<String> statements = new ArrayList<>(off);
    statements.add("TRUNCATE TABLE " + String.join(", ", tables) + " RESTART IDENTITY");
    statements.addAll(on);
    Sql.batch(db, statements);
  }

  /**
   * Deletes every row of user data and keeps the schema: all tables but the schema history are
   * truncated (their identity sequences restarted), materialized views emptied and large objects
   * removed.
   */
  static void removeData(Connection db) throws SQLException {
    String userObjects =
        " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
    List<String> tables =
        Sql.strings(
            db,
            "SELECT format('%I.%I', n.nspname, c.relname)"
                + userObjects
                + " AND c.relkind IN ('r', 'p')"
                + " AND NOT (n.nspname = 'public' AND c.relname = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass"
                + " AND d.objid = c.oid AND d.deptype = 'e')",
            HISTORY);
    if (!tables.isEmpty()) {
      truncateWithoutTriggers(db, tables);
    }
    for (String view :
        Sql.strings(
            db,
            "SELECT format('%I.%I', n.nspname, c.relname)"
                + userObjects
                + " AND c.relkind = 'm' AND c.relispopulated")) {
      Sql.execute(db, "REFRESH MATERIALIZED VIEW " + view + " WITH NO DATA");
    }
    Sql.strings(db, "SELECT lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata");
  }
}
