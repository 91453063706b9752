package io.envprov.provisioner;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.util.UUID;

/**
 * The db-scheduler task that runs operations. Its instance id is the operation id and it carries no
 * data, so the control plane can enqueue an operation in the same transaction that creates it.
 */
public final class OperationTask {

  /** The task name in {@code scheduled_tasks.task_name}. */
  public static final String NAME = "operation";

  /** Names the task for db-scheduler's {@code SchedulerClient}, which schedules by name. */
  public static final TaskDescriptor<Void> DESCRIPTOR = TaskDescriptor.of(NAME);

  private OperationTask() {}

  /**
   * The task. The runner (the engine, or a dispatcher by operation kind) records the operation's
   * failures itself; a failure that escapes it (the store unreachable) is retried by the scheduler
   * with exponential backoff.
   */
  public static OneTimeTask<Void> create(OperationRunner runner) {
    return Tasks.oneTime(NAME)
        .onFailure(
            new FailureHandler.MaxRetriesFailureHandler<>(
                10,
                new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2)))
        .execute((instance, context) -> runner.run(UUID.fromString(instance.getId())));
  }
}
