package io.envprov.provisioner.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.provisioner.packages.SchemaDiff.ColumnDifference;
import io.envprov.provisioner.packages.SchemaDiff.IndexDifference;
import io.envprov.provisioner.packages.SchemaSnapshot.Column;
import io.envprov.provisioner.packages.SchemaSnapshot.Table;
import io.envprov.provisioner.packages.TestDatabases.Env;
import io.envprov.provisioner.packages.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaSnapshotTest {

  private final PackageMigrator migrator = new PackageMigrator(getClass().getClassLoader());

  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRES", "SQLITE", "LIBSQL"})
  void aSnapshotHoldsTheTablesColumnsAndIndexesButNoHistory(Kind kind) throws Exception {
    Env env = TestDatabases.create(kind, directory);
    migrator.install(env.admin(), env.dialect(), Crm.V1_1_0, Crm.CATALOG, "a", false);

    SchemaSnapshot snapshot = SchemaSnapshot.read(env.admin(), env.dialect());

    assertThat(snapshot.tables())
        .extracting(Table::name)
        .containsExactly("contacts", "sys_package_installation");
    Table contacts = snapshot.table("contacts");
    assertThat(contacts.columns()).extracting(Column::name).containsExactly("id", "name", "phone");
    assertThat(contacts.columns().get(1)).isEqualTo(new Column("name", "text", false));
    assertThat(contacts.columns().get(2)).isEqualTo(new Column("phone", "text", true));
    assertThat(contacts.indexes()).contains("contacts_name");
    assertThat(snapshot.table("sys_package_installation").indexes())
        .contains("sys_package_installation_package");
    assertThat(snapshot.table("sys_package_installation").columns())
        .extracting(Column::name)
        .contains("checksum", "package_id");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRES", "SQLITE", "LIBSQL"})
  void twoEnvironmentsAtOtherVersionsDiffByTableColumnAndIndex(Kind kind) throws Exception {
    Env older = TestDatabases.create(kind, directory, "1");
    migrator.install(older.admin(), older.dialect(), Crm.V1_0_0, Crm.CATALOG, "a", false);
    Env newer = TestDatabases.create(kind, directory);
    PackageVersion deals =
        Crm.version("1.2.1", Crm.CREATE_CONTACTS, Crm.INDEX_NAMES, Crm.ADD_PHONE, Crm.CREATE_DEALS);
    migrator.install(newer.admin(), newer.dialect(), deals, Crm.catalogWith(deals), "a", false);
    newer.execute("DROP INDEX contacts_name");

    SchemaDiff diff =
        SchemaSnapshot.read(older.admin(), older.dialect())
            .diff(SchemaSnapshot.read(newer.admin(), newer.dialect()));

    assertThat(diff.tablesOnlyLeft()).isEmpty();
    assertThat(diff.tablesOnlyRight()).containsExactly("deals");
    assertThat(diff.columns())
        .extracting(ColumnDifference::table, ColumnDifference::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("contacts", "phone"),
            // baseline V2's column: the left database is still at system 1
            org.assertj.core.groups.Tuple.tuple("sys_package_installation", "checksum"));
    assertThat(diff.columns().get(0).left()).isNull();
    assertThat(diff.columns().get(0).right()).isEqualTo(new Column("phone", "text", true));
    assertThat(diff.indexes())
        .containsExactly(new IndexDifference("contacts", "contacts_name", "left"));
    assertThat(diff.isEmpty()).isFalse();
  }

  @Test
  void columnsOfAnotherTypeOrNullabilityDiffer() {
    SchemaSnapshot left =
        new SchemaSnapshot(
            List.of(
                new Table(
                    "t",
                    List.of(new Column("a", "integer", true), new Column("b", "text", true)),
                    List.of("t_a"))));
    SchemaSnapshot right =
        new SchemaSnapshot(
            List.of(
                new Table(
                    "t",
                    List.of(new Column("a", "bigint", true), new Column("b", "text", false)),
                    List.of("t_a", "t_b")),
                new Table("u", List.of(), List.of())));

    SchemaDiff diff = left.diff(right);

    assertThat(diff.tablesOnlyRight()).containsExactly("u");
    assertThat(diff.columns())
        .containsExactly(
            new ColumnDifference(
                "t", "a", new Column("a", "integer", true), new Column("a", "bigint", true)),
            new ColumnDifference(
                "t", "b", new Column("b", "text", true), new Column("b", "text", false)));
    assertThat(diff.indexes()).containsExactly(new IndexDifference("t", "t_b", "right"));
    assertThat(left.diff(left).isEmpty()).isTrue();
  }
}
