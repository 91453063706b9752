package io.envprov.controlplane.rollout;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import io.envprov.controlplane.operation.OperationSignal;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Schedules a rollout's next execution (db-scheduler task {@value #TASK}, instance id = rollout id)
 * in the caller's transaction, so the rollout's change and its execution commit together.
 */
@Component
class RolloutQueue {

  /** The task name in {@code scheduled_tasks.task_name}. */
  static final String TASK = "rollout";

  /** Names the task for db-scheduler's {@code SchedulerClient}, which schedules by name. */
  static final TaskDescriptor<Void> DESCRIPTOR = TaskDescriptor.of(TASK);

  private final SchedulerClient scheduler;
  private final OperationSignal signal;
  private final Clock clock;

  RolloutQueue(
      // The client bean (primary), not the Scheduler: the Scheduler is built with the rollout
      // task, whose worker needs this class.
      SchedulerClient scheduler, OperationSignal signal, Clock clock) {
    this.scheduler = scheduler;
    this.signal = signal;
    this.clock = clock;
  }

  /**
   * Schedules the rollout's execution now unless one is scheduled or running (a running one moves
   * the rollout on by itself: its completion reads the rollout's status under the same row lock the
   * caller holds). Must run inside the transaction that set the rollout {@code running}; the local
   * worker is woken once it commits.
   */
  void schedule(UUID rolloutId) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("a rollout is scheduled inside its change's transaction");
    }
    scheduler.scheduleIfNotExists(
        DESCRIPTOR.instance(rolloutId.toString()).scheduledTo(clock.instant()));
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            signal.operationsDue();
          }
        });
  }
}
