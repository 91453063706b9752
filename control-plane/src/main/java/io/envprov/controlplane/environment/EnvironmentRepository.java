package io.envprov.controlplane.environment;

import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.store.BackupTables.Backup;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Reads environments with their databases. */
@Component
public class EnvironmentRepository {

  private final DSLContext dsl;

  EnvironmentRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** The environment, read in {@code trx} (or outside a transaction with the default context). */
  public Optional<EnvironmentView> find(@Nullable DSLContext trx, UUID id) {
    return select(trx == null ? dsl : trx)
        .where(Environment.ID.eq(id))
        .fetchOptional(EnvironmentRepository::view);
  }

  public Optional<EnvironmentView> find(UUID id) {
    return find(null, id);
  }

  /** The environment, its row locked for update within {@code trx}. */
  Optional<EnvironmentView> lock(DSLContext trx, UUID id) {
    // OF environment: the database's side of the outer join cannot be locked (and needs not be).
    return select(trx)
        .where(Environment.ID.eq(id))
        .forUpdate()
        .of(Environment.TABLE)
        .fetchOptional(EnvironmentRepository::view);
  }

  /**
   * One page of an organization's environments, oldest first; deleted ones (in their recovery
   * window) only when {@code includeDeleted}.
   */
  public Page<EnvironmentView> page(
      UUID organizationId, @Nullable PageCursor cursor, int limit, boolean includeDeleted) {
    Condition after =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(Environment.CREATED_AT, Environment.ID).gt(cursor.createdAt(), cursor.id());
    return page(
        select(dsl)
            .where(Environment.ORGANIZATION_ID.eq(organizationId))
            .and(after)
            .and(
                includeDeleted
                    ? DSL.noCondition()
                    : Environment.STATUS.ne(EnvironmentStatus.DELETED.sqlValue()))
            .orderBy(Environment.CREATED_AT, Environment.ID)
            .limit(limit + 1)
            .fetch(EnvironmentRepository::view),
        limit);
  }

  private static Page<EnvironmentView> page(List<EnvironmentView> rows, int limit) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<EnvironmentView> items = rows.subList(0, limit);
    EnvironmentView last = items.get(limit - 1);
    return new Page<>(List.copyOf(items), new PageCursor(last.createdAt(), last.id()).encode());
  }

  // The database's columns that share a name with the environment's are aliased apart.
  private static final Field<UUID> DB_ID = EnvironmentDatabase.ID.as("db_id");
  private static final Field<UUID> DB_ENVIRONMENT_ID =
      EnvironmentDatabase.ENVIRONMENT_ID.as("db_environment_id");
  private static final Field<String> DB_REGION = EnvironmentDatabase.REGION.as("db_region");
  private static final Field<JSONB> DB_METADATA = EnvironmentDatabase.METADATA.as("db_metadata");
  private static final Field<OffsetDateTime> DB_CREATED_AT =
      EnvironmentDatabase.CREATED_AT.as("db_created_at");
  private static final Field<OffsetDateTime> DB_UPDATED_AT =
      EnvironmentDatabase.UPDATED_AT.as("db_updated_at");

  /** When the environment's newest successful backup completed. */
  private static final Field<OffsetDateTime> LAST_BACKUP_AT =
      DSL.field(
              DSL.select(DSL.max(Backup.COMPLETED_AT))
                  .from(Backup.TABLE)
                  .where(Backup.ENVIRONMENT_ID.eq(Environment.ID))
                  .and(Backup.STATUS.eq(BackupStatus.SUCCEEDED.sqlValue())))
          .as("last_backup_at");

  private static SelectOnConditionStep<Record> select(DSLContext context) {
    return context
        // The columns by name, not environment.*: with an asterisk jOOQ reads the result's
        // metadata for every row and finds each field of view() by name (a third of a list
        // page's CPU in the scale benchmark's profile); named fields are found by identity.
        .select(
            Environment.ID,
            Environment.ORGANIZATION_ID,
            Environment.SLUG,
            Environment.NAME,
            Environment.DESCRIPTION,
            Environment.ENV_TYPE,
            Environment.REGION,
            Environment.IS_DEFAULT,
            Environment.IS_PROTECTED,
            Environment.STATUS,
            Environment.ERROR,
            Environment.CREATED_BY,
            Environment.METADATA,
            Environment.VERSION,
            Environment.CREATED_AT,
            Environment.UPDATED_AT,
            Environment.SOURCE_ENVIRONMENT_ID,
            Environment.SOURCE_COPY_MODE,
            Environment.SOURCE_BACKUP_ID,
            Environment.NEXT_BACKUP_AT,
            Environment.BACKUP_FAILURES,
            Environment.LAST_BACKUP_ERROR,
            LAST_BACKUP_AT,
            Environment.DELETED_AT,
            Environment.PURGE_AFTER,
            Environment.OVER_QUOTA)
        .select(
            DB_ID,
            DB_ENVIRONMENT_ID,
            EnvironmentDatabase.DATABASE_NAME,
            EnvironmentDatabase.DATABASE_URL,
            EnvironmentDatabase.DRIVER,
            EnvironmentDatabase.SERVER_ID,
            DB_REGION,
            EnvironmentDatabase.STORAGE_LIMIT_MB,
            EnvironmentDatabase.LAST_ACCESSED_AT,
            EnvironmentDatabase.PROVISIONED_AT,
            DB_METADATA,
            DB_CREATED_AT,
            DB_UPDATED_AT,
            EnvironmentDatabase.SIZE_BYTES,
            EnvironmentDatabase.SIZE_MEASURED_AT)
        .from(Environment.TABLE)
        .leftJoin(EnvironmentDatabase.TABLE)
        .on(EnvironmentDatabase.ENVIRONMENT_ID.eq(Environment.ID));
  }

  static EnvironmentView view(Record r) {
    DatabaseView database =
        r.get(DB_ID) == null
            ? null
            : new DatabaseView(
                r.get(DB_ID),
                r.get(DB_ENVIRONMENT_ID),
                r.get(EnvironmentDatabase.DATABASE_NAME),
                r.get(EnvironmentDatabase.DATABASE_URL),
                r.get(EnvironmentDatabase.DRIVER),
                r.get(EnvironmentDatabase.SERVER_ID),
                r.get(DB_REGION),
                r.get(EnvironmentDatabase.STORAGE_LIMIT_MB),
                Timestamps.utc(r.get(EnvironmentDatabase.LAST_ACCESSED_AT)),
                Timestamps.utc(r.get(EnvironmentDatabase.PROVISIONED_AT)),
                Json.map(r.get(DB_METADATA)),
                Timestamps.utc(r.get(DB_CREATED_AT)),
                Timestamps.utc(r.get(DB_UPDATED_AT)),
                r.get(EnvironmentDatabase.SIZE_BYTES),
                Timestamps.utc(r.get(EnvironmentDatabase.SIZE_MEASURED_AT)));
    return new EnvironmentView(
        r.get(Environment.ID),
        r.get(Environment.ORGANIZATION_ID),
        r.get(Environment.SLUG),
        r.get(Environment.NAME),
        r.get(Environment.DESCRIPTION),
        EnvType.fromSql(r.get(Environment.ENV_TYPE)),
        r.get(Environment.REGION),
        r.get(Environment.IS_DEFAULT),
        r.get(Environment.IS_PROTECTED),
        EnvironmentStatus.fromSql(r.get(Environment.STATUS)),
        r.get(Environment.CREATED_BY),
        Json.map(r.get(Environment.METADATA)),
        Timestamps.utc(r.get(Environment.CREATED_AT)),
        Timestamps.utc(r.get(Environment.UPDATED_AT)),
        database,
        r.get(Environment.ERROR),
        EnvironmentSource.of(
            r.get(Environment.SOURCE_ENVIRONMENT_ID),
            r.get(Environment.SOURCE_COPY_MODE),
            r.get(Environment.SOURCE_BACKUP_ID)),
        null,
        new EnvironmentBackups(
            Timestamps.utc(r.get(Environment.NEXT_BACKUP_AT)),
            r.get(Environment.BACKUP_FAILURES),
            r.get(Environment.LAST_BACKUP_ERROR),
            Timestamps.utc(r.get(LAST_BACKUP_AT))),
        r.get(Environment.VERSION),
        Timestamps.utc(r.get(Environment.DELETED_AT)),
        Timestamps.utc(r.get(Environment.PURGE_AFTER)),
        r.get(Environment.OVER_QUOTA));
  }
}
