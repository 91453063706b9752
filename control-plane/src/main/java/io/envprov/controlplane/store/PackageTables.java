package io.envprov.controlplane.store;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The package catalog and the installation ledger (migration V9), declared like {@link Tables} and
 * checked against the migrated schema by the same test.
 */
public final class PackageTables {

  private PackageTables() {}

  /** One published, immutable version of a package. */
  public static final class PackageVersion {
    public static final Table<Record> TABLE = DSL.table(DSL.name("package_version"));
    public static final Field<String> NAME = field("name", SQLDataType.VARCHAR);
    public static final Field<String> VERSION = field("version", SQLDataType.VARCHAR);
    public static final Field<Integer[]> VERSION_KEY =
        field("version_key", SQLDataType.INTEGER.array());
    public static final Field<String> DESCRIPTION = field("description", SQLDataType.VARCHAR);
    public static final Field<JSONB> MIGRATIONS = field("migrations", SQLDataType.JSONB);
    public static final Field<String> CHECKSUM = field("checksum", SQLDataType.VARCHAR);
    public static final Field<Boolean> BUILT_IN = field("built_in", SQLDataType.BOOLEAN);
    public static final Field<String> PUBLISHED_BY = field("published_by", SQLDataType.VARCHAR);
    public static final Field<OffsetDateTime> PUBLISHED_AT =
        field("published_at", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private PackageVersion() {}

    private static <T> Field<T> field(String column, org.jooq.DataType<T> type) {
      return DSL.field(DSL.name("package_version", column), type);
    }
  }

  /** The ledger: what each environment's database said it had, the last time it was asked. */
  public static final class PackageInstallation {
    public static final Table<Record> TABLE = DSL.table(DSL.name("package_installation"));
    public static final Field<UUID> ENVIRONMENT_ID = field("environment_id", SQLDataType.UUID);
    public static final Field<String> PACKAGE_NAME = field("package_name", SQLDataType.VARCHAR);
    public static final Field<String> VERSION = field("version", SQLDataType.VARCHAR);
    public static final Field<String> STATUS = field("status", SQLDataType.VARCHAR);
    public static final Field<String> CHECKSUM = field("checksum", SQLDataType.VARCHAR);
    public static final Field<String> ERROR = field("error", SQLDataType.VARCHAR);
    public static final Field<OffsetDateTime> INSTALLED_AT =
        field("installed_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<String> INSTALLED_BY = field("installed_by", SQLDataType.VARCHAR);
    public static final Field<Boolean> DRIFT = field("drift", SQLDataType.BOOLEAN);
    public static final Field<OffsetDateTime> UPDATED_AT =
        field("updated_at", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private PackageInstallation() {}

    private static <T> Field<T> field(String column, org.jooq.DataType<T> type) {
      return DSL.field(DSL.name("package_installation", column), type);
    }
  }
}
