package io.envprov.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.testsupport.TestPostgres;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link Tables} is written by hand; this holds it to the schema the migrations build: a fresh
 * database migrated exactly as the service migrates its store ({@link StoreConfiguration}), then
 * every table and column of {@code Tables} looked up in it with a compatible type, and every column
 * an insert must fill (NOT NULL, no default) declared in {@code Tables}.
 */
class TablesSchemaTest {

  /** PostgreSQL types ({@code udt_name}) a field of each Java type may be read from. */
  private static final Map<Class<?>, Set<String>> COMPATIBLE =
      Map.of(
          UUID.class, Set.of("uuid"),
          String.class, Set.of("varchar", "text", "bpchar", "citext"),
          Long.class, Set.of("int8"),
          Integer.class, Set.of("int4", "int2"),
          Short.class, Set.of("int2"),
          Boolean.class, Set.of("bool"),
          OffsetDateTime.class, Set.of("timestamptz"),
          JSONB.class, Set.of("jsonb"),
          byte[].class, Set.of("bytea"),
          Integer[].class, Set.of("_int4"));

  /** Tables the code never reaches through jOOQ. */
  private static final Set<String> NOT_MAPPED = Set.of("flyway_schema_history");

  /** table -> column -> its facts in the migrated schema. */
  private static final Map<String, Map<String, Column>> SCHEMA = new HashMap<>();

  record Column(String type, boolean required) {}

  @BeforeAll
  static void migrate() throws Exception {
    TestPostgres.Database database = TestPostgres.newDatabase();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.jdbcUrl());
    dataSource.setUser(database.user());
    dataSource.setPassword(database.password());
    new StoreConfiguration().flyway(dataSource);
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT table_name, column_name, udt_name, is_nullable = 'NO'"
                    + " AND column_default IS NULL AND is_identity = 'NO'"
                    + " AND is_generated = 'NEVER'"
                    + " FROM information_schema.columns c"
                    + " WHERE table_schema = 'public' AND EXISTS (SELECT 1"
                    + " FROM information_schema.tables t WHERE t.table_schema = 'public'"
                    + " AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')")) {
      while (rows.next()) {
        SCHEMA
            .computeIfAbsent(rows.getString(1), t -> new HashMap<>())
            .put(rows.getString(2), new Column(rows.getString(3), rows.getBoolean(4)));
      }
    }
  }

  @Test
  void every_table_and_column_of_tables_exists_with_a_compatible_type() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Mapped table : mapped()) {
      for (Field<?> field : table.fields()) {
        problems.addAll(check(table.name(), field));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void every_column_an_insert_must_fill_is_declared() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Mapped table : mapped()) {
      Set<String> declared = new TreeSet<>();
      table.fields().forEach(f -> declared.add(f.getName()));
      SCHEMA.getOrDefault(table.name(), Map.of()).entrySet().stream()
          .filter(column -> column.getValue().required() && !declared.contains(column.getKey()))
          .forEach(column -> missing.add(table.name() + "." + column.getKey()));
    }
    assertThat(missing).as("NOT NULL columns without a default missing from Tables").isEmpty();
  }

  @Test
  void every_migrated_table_is_declared() throws Exception {
    Set<String> declared = new TreeSet<>();
    mapped().forEach(table -> declared.add(table.name()));
    Set<String> migrated = new TreeSet<>(SCHEMA.keySet());
    migrated.removeAll(NOT_MAPPED);
    assertThat(declared).containsExactlyInAnyOrderElementsOf(migrated);
  }

  @Test
  void a_drifted_field_is_reported() {
    // The check itself catches a renamed column, a wrong type and a field of another table.
    assertThat(
            check("organization", DSL.field(DSL.name("organization", "slug_typo"), String.class)))
        .singleElement()
        .asString()
        .contains("no column");
    assertThat(check("organization", DSL.field(DSL.name("organization", "slug"), SQLDataType.UUID)))
        .singleElement()
        .asString()
        .contains("declared UUID, migrated as text");
    assertThat(check("organization", DSL.field(DSL.name("environment", "slug"), String.class)))
        .singleElement()
        .asString()
        .contains("belongs to");
  }

  private static List<String> check(String table, Field<?> field) {
    String name = field.getQualifiedName().last();
    String owner = field.getQualifiedName().first();
    if (!table.equals(owner)) {
      return List.of(table + ": field " + field.getQualifiedName() + " belongs to another table");
    }
    Map<String, Column> columns = SCHEMA.get(table);
    if (columns == null) {
      return List.of(table + ": no such table in the migrated schema");
    }
    Column column = columns.get(name);
    if (column == null) {
      return List.of(table + "." + name + ": no column of that name in the migrated schema");
    }
    Set<String> allowed = COMPATIBLE.get(field.getType());
    if (allowed == null || !allowed.contains(column.type())) {
      return List.of(
          table
              + "."
              + name
              + ": declared "
              + field.getType().getSimpleName()
              + ", migrated as "
              + column.type());
    }
    return List.of();
  }

  /** The classes whose nested classes declare the tables: one per group of migrations. */
  private static final List<Class<?>> HOLDERS =
      List.of(Tables.class, PackageTables.class, RolloutTables.class, BackupTables.class);

  /** A table of {@link Tables}: its name and its fields. */
  record Mapped(String name, List<Field<?>> fields) {}

  private static List<Mapped> mapped() throws IllegalAccessException {
    List<Mapped> tables = new ArrayList<>();
    List<Class<?>> holders = new ArrayList<>();
    for (Class<?> declaring : HOLDERS) {
      holders.addAll(List.of(declaring.getDeclaredClasses()));
    }
    for (Class<?> holder : holders) {
      String name = null;
      List<Field<?>> fields = new ArrayList<>();
      for (java.lang.reflect.Field constant : holder.getDeclaredFields()) {
        if (!Modifier.isStatic(constant.getModifiers())) {
          continue;
        }
        Object value = constant.get(null);
        if (value instanceof Table<?> table) {
          name = table.getName();
        } else if (value instanceof Field<?> field) {
          fields.add(field);
        }
      }
      assertThat(name).as(holder.getSimpleName() + " declares its TABLE").isNotNull();
      tables.add(new Mapped(name, fields));
    }
    assertThat(tables).hasSizeGreaterThan(10);
    return tables;
  }
}
