package io.envprov.controlplane.kms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The wrapped data keys of the store, wherever a sealed secret lives: database credentials, the
 * admin secrets of database servers, the private halves of session signing keys and the data keys
 * of backups. Reads and moves them over blocking JDBC; a move is conditional on the row still
 * holding the wrapped key that was read, so a concurrent re-seal, a second run or a crash never
 * pairs a ciphertext with another data key.
 */
@Component
class DataKeyStore {

  /** The columns of one table that holds sealed secrets. */
  record SealedTable(
      String name,
      Table<Record> table,
      Field<String> id,
      Field<byte[]> ciphertext,
      Field<byte[]> wrappedKey,
      Field<String> keyId) {

    /**
     * A table whose key column is {@code id}, read as text so that tables keyed by uuid and by text
     * (session signing keys, by {@code kid}) are walked the same way.
     */
    static SealedTable of(String table, String idColumn, String ciphertext, String wrappedKey) {
      return new SealedTable(
          table,
          DSL.table(DSL.name(table)),
          DSL.field(DSL.name(table, idColumn)).cast(SQLDataType.VARCHAR),
          DSL.field(DSL.name(table, ciphertext), SQLDataType.BLOB),
          DSL.field(DSL.name(table, wrappedKey), SQLDataType.BLOB),
          DSL.field(DSL.name(table, "kms_key_id"), SQLDataType.VARCHAR));
    }
  }

  static final SealedTable CREDENTIALS =
      SealedTable.of("database_credential", "id", "token_cipher", "encrypted_data_key");
  static final SealedTable SERVERS =
      SealedTable.of("database_server", "id", "admin_secret_cipher", "admin_encrypted_data_key");
  static final SealedTable SESSION_KEYS =
      SealedTable.of("session_signing_key", "kid", "private_cipher", "encrypted_data_key");
  static final SealedTable SERVER_DRIVER_KEYS =
      SealedTable.of("database_server_driver_key", "server_id", "key_cipher", "encrypted_data_key");

  /**
   * Backups: their ciphertext is the sealed file in the backup store, which a re-wrap never
   * touches; the row holds only the wrapped key, read in the ciphertext's place and never written
   * from it.
   */
  static final SealedTable BACKUPS =
      SealedTable.of("backup", "id", "encrypted_data_key", "encrypted_data_key");

  static final List<SealedTable> TABLES =
      List.of(CREDENTIALS, SERVERS, SESSION_KEYS, SERVER_DRIVER_KEYS, BACKUPS);

  /** A sealed secret as stored. */
  record Row(SealedTable table, String id, SecretBox.Sealed sealed) {}

  private final DSLContext dsl;

  DataKeyStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** How many data keys each master key wraps, by key id. */
  Map<String, Integer> countsByKeyId() {
    Map<String, Integer> counts = new TreeMap<>();
    for (SealedTable t : TABLES) {
      dsl.select(t.keyId(), DSL.count())
          .from(t.table())
          .where(t.keyId().isNotNull())
          .groupBy(t.keyId())
          .forEach(r -> counts.merge(r.value1(), r.value2(), Integer::sum));
    }
    return counts;
  }

  /** How many data keys are wrapped under another key than {@code keyId}. */
  int notUnder(String keyId) {
    int total = 0;
    for (SealedTable t : TABLES) {
      total += dsl.fetchCount(t.table(), t.keyId().isNotNull().and(t.keyId().ne(keyId)));
    }
    return total;
  }

  /**
   * Up to {@code limit} rows of {@code table} not under {@code keyId}, in id order, after {@code
   * after} (from the first when null).
   */
  List<Row> batch(SealedTable table, @Nullable String after, String keyId, int limit) {
    List<Row> rows = new ArrayList<>();
    dsl.select(table.id(), table.ciphertext(), table.wrappedKey(), table.keyId())
        .from(table.table())
        .where(after == null ? DSL.noCondition() : table.id().gt(after))
        .and(table.keyId().isNotNull())
        .and(table.keyId().ne(keyId))
        .orderBy(table.id())
        .limit(limit)
        .forEach(
            r ->
                rows.add(
                    new Row(
                        table,
                        r.value1(),
                        new SecretBox.Sealed(r.value2(), r.value3(), r.value4()))));
    return rows;
  }

  /**
   * Stores the row's new wrapped key, only if the row still holds the wrapped key it was read with;
   * answers whether it moved.
   */
  boolean move(Row row, SecretBox.Sealed moved) {
    SealedTable t = row.table();
    return dsl.update(t.table())
            .set(t.wrappedKey(), moved.wrappedKey())
            .set(t.keyId(), moved.keyId())
            .where(t.id().eq(row.id()))
            .and(t.keyId().eq(row.sealed().keyId()))
            .and(t.wrappedKey().eq(row.sealed().wrappedKey()))
            .execute()
        == 1;
  }
}
