package io.envprov.controlplane.backup;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.domain.BackupOrigin;
import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.store.BackupTables.Backup;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Timestamps;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One pass of the backup schedule (a db-scheduler recurring task, one execution in the cluster at a
 * time): starts the schedule of environments that have none yet, enqueues a scheduled backup of
 * each environment whose {@code next_backup_at} has come (never a second one while one is pending
 * or running), and prunes backups whose retention ended.
 *
 * <p>An environment's first scheduled backup is due {@code every} after the schedule first sees it
 * active or suspended; each later one {@code every} after the previous one succeeded, or after a
 * backoff when it failed (see {@link BackupOperations}). Retention never prunes the newest
 * successful backup of an environment that still exists (not archived): when backups keep failing,
 * the last good one stays.
 */
@Component
public class BackupSchedule {

  /** The actor of scheduled backups and of pruning. */
  public static final String ACTOR = "system:backup-schedule";

  private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

  /** A plaintext snapshot left this long (by a crash) is deleted. */
  private static final Duration LEFTOVER_AGE = Duration.ofDays(1);

  private static final List<String> BACKED_UP =
      Arrays.stream(EnvironmentStatus.values())
          .filter(EnvironmentStatus::restorable)
          .map(EnvironmentStatus::sqlValue)
          .toList();

  private static final List<String> UNFINISHED =
      Arrays.stream(BackupStatus.values())
          .filter(status -> !status.finished())
          .map(BackupStatus::sqlValue)
          .toList();

  private final DSLContext dsl;
  private final BackupRequests requests;
  private final CredentialRecords environments;
  private final BackupDrivers drivers;
  private final BackupStore store;
  private final BackupTempFiles temporary;
  private final BackupProperties properties;
  private final BackupMetrics metrics;
  private final AuditLog audit;
  private final Clock clock;

  BackupSchedule(
      DSLContext dsl,
      BackupRequests requests,
      CredentialRecords environments,
      BackupDrivers drivers,
      BackupStore store,
      BackupTempFiles temporary,
      BackupProperties properties,
      BackupMetrics metrics,
      AuditLog audit,
      Clock clock) {
    this.dsl = dsl;
    this.requests = requests;
    this.environments = environments;
    this.drivers = drivers;
    this.store = store;
    this.temporary = temporary;
    this.properties = properties;
    this.metrics = metrics;
    this.audit = audit;
    this.clock = clock;
  }

  /** What one pass did. */
  public record Result(int started, int requested, int pruned) {}

  /** Runs one pass: schedules, due backups, retention. */
  public Result run() {
    int started = startSchedules();
    int requested = requestDue();
    int pruned = prune();
    temporary.deleteOlderThan(LEFTOVER_AGE);
    if (requested + pruned > 0) {
      log.info("backup schedule: {} backups requested, {} pruned", requested, pruned);
    }
    return new Result(started, requested, pruned);
  }

  /**
   * Sets {@code next_backup_at} of environments whose type has a schedule and that have none yet
   * (new, or back from a state without backups), and clears it where the type has none or the
   * environment is archived.
   */
  int startSchedules() {
    OffsetDateTime now = Timestamps.now(clock);
    int started = 0;
    for (Map.Entry<EnvType, BackupProperties.Schedule> entry : properties.schedules().entrySet()) {
      Condition ofType = Environment.ENV_TYPE.eq(entry.getKey().sqlValue());
      if (entry.getValue().enabled()) {
        started +=
            dsl.update(Environment.TABLE)
                .set(Environment.NEXT_BACKUP_AT, now.plus(entry.getValue().every()))
                .where(ofType)
                .and(Environment.NEXT_BACKUP_AT.isNull())
                .and(Environment.STATUS.in(BACKED_UP))
                .execute();
      } else {
        dsl.update(Environment.TABLE)
            .setNull(Environment.NEXT_BACKUP_AT)
            .where(ofType)
            .and(Environment.NEXT_BACKUP_AT.isNotNull())
            .execute();
      }
    }
    dsl.update(Environment.TABLE)
        .setNull(Environment.NEXT_BACKUP_AT)
        .where(Environment.NEXT_BACKUP_AT.isNotNull())
        .and(Environment.STATUS.eq(EnvironmentStatus.ARCHIVED.sqlValue()))
        .execute();
    return started;
  }

  /** Enqueues a scheduled backup of each environment that is due; returns how many. */
  int requestDue() {
    OffsetDateTime now = Timestamps.now(clock);
    List<UUID> due =
        dsl.select(Environment.ID)
            .from(Environment.TABLE)
            .where(Environment.NEXT_BACKUP_AT.le(now))
            .and(Environment.STATUS.in(BACKED_UP))
            .and(noUnfinishedBackup())
            .orderBy(Environment.NEXT_BACKUP_AT)
            .limit(properties.sweepBatch())
            .fetch(Environment.ID);
    int requested = 0;
    for (UUID environmentId : due) {
      try {
        if (request(environmentId)) {
          requested++;
        }
      } catch (RuntimeException e) {
        log.warn(
            "cannot request the scheduled backup of environment {}: {}",
            environmentId,
            e.getMessage());
      }
    }
    return requested;
  }

  /** The scheduled backup of one due environment; false when it turned out not to be due. */
  private boolean request(UUID environmentId) {
    Optional<CredentialTarget> found = environments.targetOfEnvironment(environmentId);
    if (found.isEmpty()) {
      return false;
    }
    CredentialTarget target = found.get();
    Optional<BackupProperties.Schedule> schedule = properties.scheduleOf(target.envType());
    String unsupported;
    try {
      BackupDrivers.Resolved resolved = drivers.resolve(target);
      unsupported = resolved.backsUp() ? null : resolved.unsupported();
    } catch (RuntimeException e) {
      unsupported = "this environment's database cannot be backed up now: " + e.getMessage();
    }
    String refusal = unsupported;
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          OffsetDateTime now = Timestamps.now(clock);
          // Skipped when another pass (or a status change) holds the row, or got there first.
          Record row =
              trx.select(Environment.ID)
                  .from(Environment.TABLE)
                  .where(Environment.ID.eq(environmentId))
                  .and(Environment.NEXT_BACKUP_AT.le(now))
                  .and(Environment.STATUS.in(BACKED_UP))
                  .and(noUnfinishedBackup())
                  .forUpdate()
                  .skipLocked()
                  .fetchOne();
          if (row == null) {
            return false;
          }
          if (schedule.isEmpty()) {
            trx.update(Environment.TABLE)
                .setNull(Environment.NEXT_BACKUP_AT)
                .where(Environment.ID.eq(environmentId))
                .execute();
            return false;
          }
          OffsetDateTime next = now.plus(schedule.get().every());
          if (refusal != null) {
            // Counted as a failure, so the environment shows why it has no scheduled backups.
            trx.update(Environment.TABLE)
                .set(Environment.BACKUP_FAILURES, Environment.BACKUP_FAILURES.plus(1))
                .set(Environment.LAST_BACKUP_ERROR, refusal)
                .set(Environment.NEXT_BACKUP_AT, next)
                .where(Environment.ID.eq(environmentId))
                .execute();
            return false;
          }
          requests.request(trx, target, BackupOrigin.SCHEDULED, null, ACTOR, schedule.get().keep());
          // Until the backup ends and sets it for good (after a success or a failure).
          trx.update(Environment.TABLE)
              .set(Environment.NEXT_BACKUP_AT, next)
              .where(Environment.ID.eq(environmentId))
              .execute();
          return true;
        });
  }

  /**
   * Deletes backups whose retention ended (their sealed object, then their row), but never the
   * newest successful backup of an environment that is not archived; returns how many.
   */
  int prune() {
    OffsetDateTime now = Timestamps.now(clock);
    Table<Record> newer = Backup.TABLE.as("newer");
    Field<UUID> newerId = DSL.field(DSL.name("newer", "id"), SQLDataType.UUID);
    Field<UUID> newerEnvironment = DSL.field(DSL.name("newer", "environment_id"), SQLDataType.UUID);
    Field<String> newerStatus = DSL.field(DSL.name("newer", "status"), SQLDataType.VARCHAR);
    Field<OffsetDateTime> newerCreatedAt =
        DSL.field(DSL.name("newer", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    String succeeded = BackupStatus.SUCCEEDED.sqlValue();
    Condition notTheLastGoodOne =
        Backup.STATUS
            .ne(succeeded)
            .or(
                DSL.exists(
                    DSL.selectOne()
                        .from(newer)
                        .where(newerEnvironment.eq(Backup.ENVIRONMENT_ID))
                        .and(newerStatus.eq(succeeded))
                        .and(
                            DSL.row(newerCreatedAt, newerId)
                                .gt(DSL.row(Backup.CREATED_AT, Backup.ID)))))
            .or(
                DSL.exists(
                    DSL.selectOne()
                        .from(Environment.TABLE)
                        .where(Environment.ID.eq(Backup.ENVIRONMENT_ID))
                        .and(Environment.STATUS.eq(EnvironmentStatus.ARCHIVED.sqlValue()))));
    List<? extends Record> expired =
        dsl.select(
                Backup.ID,
                Backup.ENVIRONMENT_ID,
                Backup.ORGANIZATION_ID,
                Backup.STORAGE_KEY,
                Backup.ORIGIN,
                Backup.STATUS)
            .from(Backup.TABLE)
            .where(Backup.EXPIRES_AT.le(now))
            .and(Backup.STATUS.notIn(UNFINISHED))
            .and(notTheLastGoodOne)
            .orderBy(Backup.EXPIRES_AT)
            .limit(properties.sweepBatch())
            .fetch();
    int pruned = 0;
    for (Record backup : expired) {
      UUID id = backup.get(Backup.ID);
      String key = backup.get(Backup.STORAGE_KEY);
      try {
        if (key != null) {
          store.delete(key);
        }
      } catch (IOException | RuntimeException e) {
        log.warn("cannot delete expired backup {} from the store: {}", id, e.getMessage());
        continue;
      }
      int deleted =
          dsl.transactionResult(
              configuration -> {
                DSLContext trx = configuration.dsl();
                int rows =
                    trx.deleteFrom(Backup.TABLE)
                        .where(Backup.ID.eq(id))
                        .and(Backup.STATUS.notIn(UNFINISHED))
                        .execute();
                if (rows == 1) {
                  Map<String, Object> details = new LinkedHashMap<>();
                  details.put("environment_id", backup.get(Backup.ENVIRONMENT_ID).toString());
                  details.put("origin", backup.get(Backup.ORIGIN));
                  details.put("status", backup.get(Backup.STATUS));
                  audit.record(
                      trx,
                      ACTOR,
                      "backup.pruned",
                      "backup",
                      id,
                      backup.get(Backup.ORGANIZATION_ID),
                      details);
                }
                return rows;
              });
      if (deleted == 1) {
        metrics.pruned();
        pruned++;
      }
    }
    return pruned;
  }

  /** No backup of the environment is pending or running. */
  private static Condition noUnfinishedBackup() {
    return DSL.notExists(
        DSL.selectOne()
            .from(Backup.TABLE)
            .where(Backup.ENVIRONMENT_ID.eq(Environment.ID))
            .and(Backup.STATUS.in(UNFINISHED)));
  }
}
