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
 * Rollouts and their per-environment targets (migration V10), declared like {@link Tables} and
 * checked against the migrated schema by the same test.
 */
public final class RolloutTables {

  private RolloutTables() {}

  /** One rollout of a package version across the environments its selector picked. */
  public static final class Rollout {
    public static final Table<Record> TABLE = DSL.table(DSL.name("rollout"));
    public static final Field<UUID> ID = field("id", SQLDataType.UUID);
    public static final Field<String> PACKAGE_NAME = field("package_name", SQLDataType.VARCHAR);
    public static final Field<String> VERSION = field("version", SQLDataType.VARCHAR);
    public static final Field<UUID> ORGANIZATION_ID = field("organization_id", SQLDataType.UUID);
    public static final Field<JSONB> SELECTOR = field("selector", SQLDataType.JSONB);
    public static final Field<JSONB> STRATEGY = field("strategy", SQLDataType.JSONB);
    public static final Field<String> STATUS = field("status", SQLDataType.VARCHAR);
    public static final Field<Integer> CURRENT_WAVE = field("current_wave", SQLDataType.INTEGER);
    public static final Field<Integer> WAVES = field("waves", SQLDataType.INTEGER);
    public static final Field<Integer> TARGETS = field("targets", SQLDataType.INTEGER);
    public static final Field<String> PAUSE_REASON = field("pause_reason", SQLDataType.VARCHAR);
    public static final Field<Integer> FAILURES_ACKNOWLEDGED =
        field("failures_acknowledged", SQLDataType.INTEGER);
    public static final Field<String> CREATED_BY = field("created_by", SQLDataType.VARCHAR);
    public static final Field<OffsetDateTime> CREATED_AT =
        field("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> UPDATED_AT =
        field("updated_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> FINISHED_AT =
        field("finished_at", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private Rollout() {}

    private static <T> Field<T> field(String column, org.jooq.DataType<T> type) {
      return DSL.field(DSL.name("rollout", column), type);
    }
  }

  /** One environment of a rollout: where it stands in the order and what happened to it. */
  public static final class RolloutTarget {
    public static final Table<Record> TABLE = DSL.table(DSL.name("rollout_target"));
    public static final Field<UUID> ROLLOUT_ID = field("rollout_id", SQLDataType.UUID);
    public static final Field<UUID> ENVIRONMENT_ID = field("environment_id", SQLDataType.UUID);
    public static final Field<UUID> SERVER_ID = field("server_id", SQLDataType.UUID);
    public static final Field<Integer> POSITION = field("position", SQLDataType.INTEGER);
    public static final Field<Integer> WAVE = field("wave", SQLDataType.INTEGER);
    public static final Field<String> STATUS = field("status", SQLDataType.VARCHAR);
    public static final Field<String> FROM_VERSION = field("from_version", SQLDataType.VARCHAR);
    public static final Field<String> ERROR = field("error", SQLDataType.VARCHAR);
    public static final Field<Integer> ATTEMPTS = field("attempts", SQLDataType.INTEGER);
    public static final Field<OffsetDateTime> STARTED_AT =
        field("started_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> FINISHED_AT =
        field("finished_at", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private RolloutTarget() {}

    private static <T> Field<T> field(String column, org.jooq.DataType<T> type) {
      return DSL.field(DSL.name("rollout_target", column), type);
    }
  }
}
