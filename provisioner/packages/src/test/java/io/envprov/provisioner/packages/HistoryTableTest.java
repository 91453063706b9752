package io.envprov.provisioner.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.provisioner.packages.TestDatabases.Env;
import io.envprov.provisioner.packages.TestDatabases.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The runner creates a package's history table itself (Flyway refuses to in a schema that holds the
 * baseline); it must be the very table Flyway would have created.
 */
class HistoryTableTest {

  private static final String TABLE = "sys_migrations_same";

  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRES", "SQLITE", "LIBSQL"})
  void theRunnerCreatesTheHistoryTableFlywayWould(Kind kind) throws Exception {
    Env byFlyway = TestDatabases.empty(kind, directory);
    var flyway =
        Flyway.configure(getClass().getClassLoader())
            .dataSource(byFlyway.admin())
            .table(TABLE)
            .locations("classpath:db/migration");
    if (kind.dialect == Dialect.POSTGRES) {
      flyway.schemas("public").createSchemas(false);
    }
    flyway.load().migrate();
    Env byRunner = TestDatabases.empty(kind, directory);
    try (Connection connection = byRunner.connect()) {
      Histories.create(connection, kind.dialect, TABLE);
    }

    assertThat(shape(byRunner, kind)).isEqualTo(shape(byFlyway, kind)).isNotEmpty();
  }

  @Test
  void historyTablesAreNamedAfterTheirPackage() {
    assertThat(HistoryTable.of("system")).isEqualTo("flyway_schema_history");
    assertThat(HistoryTable.of("crm")).isEqualTo("sys_migrations_crm");
    assertThat(HistoryTable.packageOf("sys_migrations_crm")).isEqualTo("crm");
    assertThat(HistoryTable.packageOf("flyway_schema_history")).isEqualTo("system");
    assertThat(HistoryTable.packageOf("sys_migrations_Crm")).isNull();
    assertThat(HistoryTable.packageOf("sys_migrations_system")).isNull();
    assertThat(HistoryTable.packageOf("contacts")).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HistoryTable.of("crm\"; DROP"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Columns (type, length, nullability, default), constraints and indexes of the table. */
  private static List<String> shape(Env env, Kind kind) throws Exception {
    if (kind.dialect == Dialect.POSTGRES) {
      List<String> shape =
          new java.util.ArrayList<>(
              env.strings(
                  "SELECT column_name || ' ' || data_type || ' ' ||"
                      + " coalesce(character_maximum_length::text, '-') || ' ' || is_nullable"
                      + " || ' ' || coalesce(column_default, '-')"
                      + " FROM information_schema.columns WHERE table_name = '"
                      + TABLE
                      + "' ORDER BY ordinal_position"));
      shape.addAll(
          env.strings(
              "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                  + " WHERE conrelid = 'public."
                  + TABLE
                  + "'::regclass ORDER BY conname"));
      shape.addAll(
          env.strings(
              "SELECT indexdef FROM pg_indexes WHERE tablename = '"
                  + TABLE
                  + "' ORDER BY indexname"));
      return shape;
    }
    return env.strings(
        "SELECT type || ' ' || name || ' ' || coalesce(sql, '-') FROM sqlite_master"
            + " WHERE tbl_name = '"
            + TABLE
            + "' ORDER BY type, name");
  }
}
