package io.envprov.provisioner.packages;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The SQL that differs between dialects: catalog look-ups, parameter casts, timestamps. Everything
 * else this module sends is portable. Table names are never parameters here: they come from {@link
 * HistoryTable}, which only produces valid identifiers.
 */
abstract class Sql {

  static final Sql POSTGRES = new Postgres();
  static final Sql SQLITE = new Sqlite();

  static final String INSTALLATIONS = "sys_package_installation";

  static Sql of(Dialect dialect) {
    return switch (dialect) {
      case POSTGRES -> POSTGRES;
      case SQLITE -> SQLITE;
    };
  }

  /**
   * One row: whether the history table (parameter 1: its name) exists, whether {@code
   * sys_package_installation} exists, and whether it has the {@code checksum} column (baseline V2).
   */
  abstract String state();

  /** The parameter {@link #state()} takes for a table. */
  abstract String tableParameter(String table);

  /**
   * The names of the history tables and of {@code sys_package_installation}, plus a row {@code
   * #checksum} when that table has its checksum column.
   */
  abstract String tables();

  /**
   * An expression that reads the timestamp column {@code column} so that {@link #instant} works.
   */
  abstract String timestamp(String column);

  /** A parameter of type uuid. */
  abstract String uuidParameter();

  /** A parameter of type json. */
  abstract String jsonParameter();

  /** The instant read from a column selected with {@link #timestamp(String)}. */
  abstract @Nullable Instant instant(ResultSet rows, int column) throws SQLException;

  /** The rows of a history table, in the order Flyway wrote them. */
  final String history(String table) {
    return "SELECT installed_rank, version, description, type, checksum, success, installed_by, "
        + timestamp("installed_on")
        + " FROM "
        + quote(table)
        + " ORDER BY installed_rank";
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static final class Postgres extends Sql {

    @Override
    String state() {
      return "SELECT pg_catalog.to_regclass(?) IS NOT NULL,"
          + " pg_catalog.to_regclass('public.sys_package_installation') IS NOT NULL,"
          + " EXISTS (SELECT 1 FROM pg_catalog.pg_attribute"
          + " WHERE attrelid = pg_catalog.to_regclass('public.sys_package_installation')"
          + " AND attname = 'checksum' AND attnum > 0 AND NOT attisdropped)";
    }

    @Override
    String tableParameter(String table) {
      return "public." + quote(table);
    }

    @Override
    String tables() {
      return "SELECT c.relname FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
          + " AND (c.relname IN ('flyway_schema_history', 'sys_package_installation')"
          + " OR c.relname LIKE 'sys\\_migrations\\_%')"
          + " UNION ALL SELECT '#checksum' FROM pg_catalog.pg_attribute"
          + " WHERE attrelid = pg_catalog.to_regclass('public.sys_package_installation')"
          + " AND attname = 'checksum' AND attnum > 0 AND NOT attisdropped";
    }

    @Override
    String timestamp(String column) {
      // The columns are timestamps without a zone, written in the session's zone (now(),
      // CURRENT_TIMESTAMP): read them back in that zone.
      return column + " AT TIME ZONE current_setting('TimeZone')";
    }

    @Override
    String uuidParameter() {
      return "CAST(? AS uuid)";
    }

    @Override
    String jsonParameter() {
      return "CAST(? AS json)";
    }

    @Override
    @Nullable Instant instant(ResultSet rows, int column) throws SQLException {
      OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }
  }

  private static final class Sqlite extends Sql {

    @Override
    String state() {
      return "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?),"
          + " EXISTS (SELECT 1 FROM sqlite_master"
          + " WHERE type = 'table' AND name = 'sys_package_installation'),"
          + " EXISTS (SELECT 1 FROM pragma_table_info('sys_package_installation')"
          + " WHERE name = 'checksum')";
    }

    @Override
    String tableParameter(String table) {
      return table;
    }

    @Override
    String tables() {
      return "SELECT name FROM sqlite_master WHERE type = 'table'"
          + " AND (name IN ('flyway_schema_history', 'sys_package_installation')"
          + " OR name LIKE 'sys\\_migrations\\_%' ESCAPE '\\')"
          + " UNION ALL SELECT '#checksum' FROM pragma_table_info('sys_package_installation')"
          + " WHERE name = 'checksum'";
    }

    @Override
    String timestamp(String column) {
      return column;
    }

    @Override
    String uuidParameter() {
      return "?";
    }

    @Override
    String jsonParameter() {
      return "?";
    }

    /** SQLite's timestamps are UTC text: {@code 2025-01-31 12:00:00[.123]}. */
    @Override
    @Nullable Instant instant(ResultSet rows, int column) throws SQLException {
      String value = rows.getString(column);
      if (value == null) {
        return null;
      }
      try {
        return LocalDateTime.parse(value.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null; // written by hand in another form: not worth failing a read for
      }
    }
  }
}
