package io.envprov.controlplane.rollout;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.RolloutStatus;
import io.envprov.controlplane.operation.OperationSignal;
import io.envprov.controlplane.packages.PackageInstaller;
import io.envprov.controlplane.store.RolloutTables.Rollout;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the db-scheduler task {@value RolloutQueue#TASK} does: one wave per execution ({@link
 * RolloutEngine}), so a restart or another replica resumes a rollout within one wave, and a pause
 * or an abort is seen between executions as well as between targets. After each execution the
 * rollout's row is locked and its status decides, in the same transaction as db-scheduler's own
 * update of the execution: {@code running} reschedules it at once, anything else removes it. A
 * resume takes the same lock before it schedules, so a rollout resumed while its execution ends is
 * never left without one.
 */
@Component
class RolloutWorker {

  private static final Logger log = LoggerFactory.getLogger(RolloutWorker.class);

  private final DSLContext dsl;
  private final AuditLog audit;
  private final Clock clock;
  private final OperationSignal signal;
  private final RolloutProperties properties;
  private final RolloutEngine engine;

  RolloutWorker(
      DSLContext dsl,
      AuditLog audit,
      Clock clock,
      OperationSignal signal,
      RolloutProperties properties,
      PackageInstaller installer) {
    this.dsl = dsl;
    this.audit = audit;
    this.clock = clock;
    this.signal = signal;
    this.properties = properties;
    this.engine = new RolloutEngine(dsl, audit, clock, () -> installer, properties.threads());
  }

  /** Runs one wave of the rollout and returns how the execution ends. */
  CompletionHandler<Void> execute(String instanceId) {
    UUID rolloutId = UUID.fromString(instanceId);
    engine.runWave(rolloutId);
    return (complete, operations) -> {
      boolean again =
          dsl.transactionResult(
              configuration -> {
                if (lockedStatus(configuration.dsl(), rolloutId) == RolloutStatus.RUNNING) {
                  operations.reschedule(complete, clock.instant());
                  return true;
                }
                operations.remove();
                return false;
              });
      if (again) {
        signal.operationsDue();
      }
    };
  }

  /**
   * An execution that failed as a whole (the store or the installer unreachable): retried with
   * exponential backoff; after {@link RolloutProperties#maxFailedExecutions()} in a row the rollout
   * pauses with the error as its reason (resuming it tries again).
   */
  void failed(ExecutionComplete complete, ExecutionOperations<Void> operations) {
    UUID rolloutId = UUID.fromString(complete.getExecution().taskInstance.getId());
    int failures = complete.getExecution().consecutiveFailures + 1;
    Throwable cause = complete.getCause().orElse(null);
    log.warn("rollout {}: execution failed ({} in a row)", rolloutId, failures, cause);
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          RolloutStatus status = lockedStatus(trx, rolloutId);
          if (status != RolloutStatus.RUNNING) {
            operations.remove();
            return;
          }
          if (failures < properties.maxFailedExecutions()) {
            operations.reschedule(complete, clock.instant().plus(backoff(failures)));
            return;
          }
          String reason =
              "the rollout's execution failed "
                  + failures
                  + " times in a row ("
                  + (cause == null ? "unknown" : cause.getClass().getSimpleName())
                  + "); see the control plane's log, then resume it";
          Record rollout =
              trx.select(Rollout.ORGANIZATION_ID)
                  .from(Rollout.TABLE)
                  .where(Rollout.ID.eq(rolloutId))
                  .fetchOne();
          RolloutTransitions.pause(trx, rolloutId, reason, clock);
          audit.record(
              trx,
              RolloutEngine.ACTOR,
              "rollout.paused_by_failure",
              "rollout",
              rolloutId,
              rollout == null ? null : rollout.get(Rollout.ORGANIZATION_ID),
              Map.of("reason", reason, "failed_executions", failures));
          operations.remove();
        });
  }

  private Duration backoff(int failures) {
    Duration wait = properties.retryBackoff().multipliedBy(1L << Math.min(failures - 1, 20));
    return wait.compareTo(properties.maxRetryBackoff()) > 0 ? properties.maxRetryBackoff() : wait;
  }

  /** The rollout's status, its row locked until the transaction ends; null when it is gone. */
  private static @Nullable RolloutStatus lockedStatus(DSLContext trx, UUID rolloutId) {
    String status =
        trx.select(Rollout.STATUS)
            .from(Rollout.TABLE)
            .where(Rollout.ID.eq(rolloutId))
            .forUpdate()
            .fetchOne(Rollout.STATUS);
    return status == null ? null : RolloutStatus.fromSql(status);
  }
}
