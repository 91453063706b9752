package io.envprov.controlplane.operation;

import static io.envprov.controlplane.store.Tables.Operation.*;

import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Tables.ScheduledTasks;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationTask;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records an operation and enqueues its execution in the same transaction as the change that needs
 * it: the operation row and the db-scheduler execution (instance id = operation id) commit
 * together, so an operation is never lost between the API and the worker, even across a restart.
 */
@Component
public class OperationQueue {

  private final Clock clock;
  private final OperationSignal signal;

  OperationQueue(Clock clock, OperationSignal signal) {
    this.clock = clock;
    this.signal = signal;
  }

  /** Inserts the operation and its scheduled execution within the reactive transaction. */
  public Mono<OperationRef> enqueue(
      DSLContext trx,
      OperationKind kind,
      UUID environmentId,
      Map<String, ?> payload,
      String createdBy) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    return Mono.from(
            trx.insertInto(TABLE)
                .set(ID, id)
                .set(KIND, kind.dbValue())
                .set(RESOURCE_TYPE, "environment")
                .set(RESOURCE_ID, environmentId)
                .set(STATUS, "pending")
                .set(ATTEMPTS, 0)
                .set(PAYLOAD, Json.jsonb(payload))
                .set(CREATED_BY, createdBy)
                .set(CREATED_AT, now)
                .set(UPDATED_AT, now))
        .then(
            Mono.from(
                trx.insertInto(ScheduledTasks.TABLE)
                    .set(ScheduledTasks.TASK_NAME, OperationTask.NAME)
                    .set(ScheduledTasks.TASK_INSTANCE, id.toString())
                    .set(ScheduledTasks.EXECUTION_TIME, now)
                    .set(ScheduledTasks.PICKED, false)
                    .set(ScheduledTasks.VERSION, 1L)
                    .set(ScheduledTasks.PRIORITY, (short) 0)
                    .set(ScheduledTasks.CONSECUTIVE_FAILURES, 0)))
        .thenReturn(OperationRef.of(id));
  }

  /** Wakes the local worker once the enqueuing transaction has committed. */
  public void committed() {
    signal.operationsDue();
  }
}
