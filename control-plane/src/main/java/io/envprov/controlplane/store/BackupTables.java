package io.envprov.controlplane.store;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Backups (migration V11), declared like {@link Tables} and checked against the migrated schema by
 * the same test.
 */
public final class BackupTables {

  private BackupTables() {}

  /** One backup of one environment's database, sealed in the backup store. */
  public static final class Backup {
    public static final Table<Record> TABLE = DSL.table(DSL.name("backup"));
    public static final Field<UUID> ID = field("id", SQLDataType.UUID);
    public static final Field<UUID> ENVIRONMENT_ID = field("environment_id", SQLDataType.UUID);
    public static final Field<UUID> ORGANIZATION_ID = field("organization_id", SQLDataType.UUID);
    public static final Field<String> DRIVER = field("driver", SQLDataType.VARCHAR);
    public static final Field<String> LABEL = field("label", SQLDataType.VARCHAR);
    public static final Field<String> ORIGIN = field("origin", SQLDataType.VARCHAR);
    public static final Field<String> STATUS = field("status", SQLDataType.VARCHAR);
    public static final Field<String> ERROR = field("error", SQLDataType.VARCHAR);
    public static final Field<Long> SIZE_BYTES = field("size_bytes", SQLDataType.BIGINT);
    public static final Field<String> CHECKSUM = field("checksum", SQLDataType.VARCHAR);
    public static final Field<Long> PLAINTEXT_BYTES = field("plaintext_bytes", SQLDataType.BIGINT);
    public static final Field<String> STORAGE_KEY = field("storage_key", SQLDataType.VARCHAR);
    public static final Field<byte[]> ENCRYPTED_DATA_KEY =
        field("encrypted_data_key", SQLDataType.BLOB);
    public static final Field<String> KMS_KEY_ID = field("kms_key_id", SQLDataType.VARCHAR);
    public static final Field<UUID> OPERATION_ID = field("operation_id", SQLDataType.UUID);
    public static final Field<String> CREATED_BY = field("created_by", SQLDataType.VARCHAR);
    public static final Field<OffsetDateTime> CREATED_AT =
        field("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> COMPLETED_AT =
        field("completed_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> EXPIRES_AT =
        field("expires_at", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private Backup() {}

    private static <T> Field<T> field(String column, org.jooq.DataType<T> type) {
      return DSL.field(DSL.name("backup", column), type);
    }
  }
}
