package io.envprov.controlplane.kms;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.operation.OperationSignal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * KMS key rotation: every data key not wrapped under a target key is unwrapped and wrapped again
 * under it, the secrets it seals untouched. Runs as a durable db-scheduler job (task {@value
 * #TASK}, instance id = the target key id), in batches; each row moves conditionally, so a crash or
 * a second run resumes where the first stopped and a job for a key already reached does nothing.
 */
@Component
class KeyRewrap {

  /** The db-scheduler task name. */
  static final String TASK = "kms-rewrap";

  /** Names the task for db-scheduler's {@code SchedulerClient}, which schedules by name. */
  static final TaskDescriptor<Void> DESCRIPTOR = TaskDescriptor.of(TASK);

  static final String ACTOR = "system:kms-rewrap";
  private static final Logger log = LoggerFactory.getLogger(KeyRewrap.class);
  private static final int BATCH = 100;

  private final KeyManagement keys;
  private final SecretBox secrets;
  private final DataKeyStore store;
  private final DSLContext dsl;
  private final AuditLog audit;
  private final SchedulerClient scheduler;
  private final OperationSignal signal;
  private final Clock clock;

  KeyRewrap(
      KeyManagement keys,
      SecretBox secrets,
      DataKeyStore store,
      DSLContext dsl,
      AuditLog audit,
      // The client bean (primary), not the Scheduler (also a SchedulerClient): the Scheduler is
      // built
      // with this class's task, so asking it for itself would be a cycle.
      SchedulerClient scheduler,
      OperationSignal signal,
      Clock clock) {
    this.keys = keys;
    this.secrets = secrets;
    this.store = store;
    this.dsl = dsl;
    this.audit = audit;
    this.scheduler = scheduler;
    this.signal = signal;
    this.clock = clock;
  }

  /** A re-wrap that was asked for: its target and how many data keys were not under it yet. */
  record Started(String keyId, int remaining) {}

  /** What one run did. */
  record Result(String keyId, int moved, int failed, int remaining) {}

  /** What the store holds: the current key and how many data keys each key wraps. */
  record Inventory(String currentKeyId, Map<String, Integer> dataKeys) {}

  /**
   * Resolves the target ({@code keyIdOrAlias}, or the current key), records {@code
   * kms.rewrap_started} and enqueues the job in one transaction. Asking again for a target whose
   * job is pending changes nothing.
   *
   * @throws KeyManagementException when the key manager refuses the target or cannot be reached
   *     (nothing was enqueued)
   */
  Started start(String actor, @Nullable String keyIdOrAlias) {
    String target = keys.resolveKeyId(keyIdOrAlias == null ? keys.keyId() : keyIdOrAlias);
    Started started =
        dsl.transactionResult(
            configuration -> {
              DSLContext trx = configuration.dsl();
              int remaining = new DataKeyStore(trx).notUnder(target);
              // db-scheduler's client checks for the job, then inserts it: two starts for one
              // target at once would both insert, and the second's conflict would abort its
              // transaction. Serialised per target, the second finds the first's job.
              trx.select(
                      DSL.field(
                          "pg_advisory_xact_lock(hashtext({0}))",
                          Object.class, TASK + ":" + target))
                  .fetch();
              scheduler.scheduleIfNotExists(
                  DESCRIPTOR.instance(target).scheduledTo(clock.instant()));
              audit.record(
                  trx,
                  actor,
                  "kms.rewrap_started",
                  "kms_key",
                  resourceId(target),
                  null,
                  Map.of("key_id", target, "remaining", remaining));
              return new Started(target, remaining);
            });
    signal.operationsDue();
    return started;
  }

  /**
   * Moves every data key not under {@code target} to it, then records {@code kms.rewrap_finished}.
   * A data key the key manager refuses to unwrap (its key deleted, the row altered) is counted as
   * failed and left where it is.
   *
   * @throws KeyManagementException when the key manager becomes unreachable (the job is retried
   *     later and resumes)
   */
  Result run(String target) {
    int moved = 0;
    int failed = 0;
    for (DataKeyStore.SealedTable table : DataKeyStore.TABLES) {
      String after = null;
      List<DataKeyStore.Row> rows;
      do {
        rows = store.batch(table, after, target, BATCH);
        for (DataKeyStore.Row row : rows) {
          after = row.id();
          SecretBox.Sealed rewrapped;
          try {
            rewrapped = secrets.rewrap(row.sealed(), target);
          } catch (KeyManagementException e) {
            if (e.unavailable()) {
              throw e;
            }
            failed++;
            log.warn(
                "cannot re-wrap the data key of {} {} (key {}): {}",
                table.name(),
                row.id(),
                row.sealed().keyId(),
                e.getMessage());
            continue;
          }
          if (store.move(row, rewrapped)) {
            moved++;
          }
        }
      } while (rows.size() == BATCH);
    }
    int remaining = store.notUnder(target);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("key_id", target);
    details.put("moved", moved);
    details.put("failed", failed);
    details.put("remaining", remaining);
    dsl.transaction(
        configuration ->
            audit.record(
                configuration.dsl(),
                ACTOR,
                "kms.rewrap_finished",
                "kms_key",
                resourceId(target),
                null,
                details));
    log.info(
        "re-wrapped {} data key(s) under {}: {} failed, {} not under it",
        moved,
        target,
        failed,
        remaining);
    return new Result(target, moved, failed, remaining);
  }

  /**
   * The current key (resolved to its stored form) and the data keys by key id.
   *
   * @throws KeyManagementException when the key manager cannot resolve the current key
   */
  Inventory inventory() {
    return new Inventory(keys.resolveKeyId(keys.keyId()), store.countsByKeyId());
  }

  /** The audit resource id of a key: a name-based UUID of its id, the same for every event. */
  static UUID resourceId(String keyId) {
    return UUID.nameUUIDFromBytes(("kms_key:" + keyId).getBytes(StandardCharsets.UTF_8));
  }
}
