package io.envprov.controlplane.backup;

import static io.envprov.controlplane.store.BackupTables.Backup.*;

import io.envprov.controlplane.domain.BackupOrigin;
import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Reads backups: as the API shows them, and with what opening one needs. */
@Component
public class BackupRepository {

  private final DSLContext dsl;

  BackupRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * A backup with where it is kept and the wrapped key that opens it.
   *
   * @param sealed null until the backup succeeded
   */
  public record StoredBackup(BackupView view, BackupVault.@Nullable SealedRef sealed) {}

  /** The backup, with what opening it needs. */
  public Optional<StoredBackup> find(UUID id) {
    return find(dsl, id);
  }

  /** The backup, read in {@code trx}. */
  public Optional<StoredBackup> find(DSLContext trx, UUID id) {
    return trx.selectFrom(TABLE).where(ID.eq(id)).fetchOptional(BackupRepository::stored);
  }

  /** The backup, its row locked for update within {@code trx}. */
  Optional<StoredBackup> lock(DSLContext trx, UUID id) {
    return trx.selectFrom(TABLE)
        .where(ID.eq(id))
        .forUpdate()
        .fetchOptional(BackupRepository::stored);
  }

  /** One page of an environment's backups, newest first. */
  Page<BackupView> page(UUID environmentId, @Nullable PageCursor cursor, int limit) {
    Condition before =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(CREATED_AT, ID).lt(cursor.createdAt(), cursor.id());
    return Page.of(
        dsl.selectFrom(TABLE)
            .where(ENVIRONMENT_ID.eq(environmentId))
            .and(before)
            .orderBy(CREATED_AT.desc(), ID.desc())
            .limit(limit + 1)
            .fetch(BackupRepository::view),
        limit,
        view -> new PageCursor(view.createdAt(), view.id()));
  }

  static BackupView view(Record r) {
    return new BackupView(
        r.get(ID),
        r.get(ENVIRONMENT_ID),
        r.get(ORGANIZATION_ID),
        r.get(DRIVER),
        r.get(LABEL),
        BackupOrigin.fromSql(r.get(ORIGIN)),
        BackupStatus.fromSql(r.get(STATUS)),
        r.get(ERROR),
        r.get(SIZE_BYTES),
        r.get(PLAINTEXT_BYTES),
        r.get(CHECKSUM),
        r.get(CREATED_BY),
        Timestamps.utc(r.get(CREATED_AT)),
        Timestamps.utc(r.get(COMPLETED_AT)),
        Timestamps.utc(r.get(EXPIRES_AT)),
        r.get(OPERATION_ID));
  }

  private static StoredBackup stored(Record r) {
    BackupView view = view(r);
    BackupVault.@Nullable SealedRef sealed =
        view.status() == BackupStatus.SUCCEEDED
            ? new BackupVault.SealedRef(
                r.get(STORAGE_KEY), r.get(CHECKSUM), r.get(ENCRYPTED_DATA_KEY), r.get(KMS_KEY_ID))
            : null;
    return new StoredBackup(view, sealed);
  }
}
