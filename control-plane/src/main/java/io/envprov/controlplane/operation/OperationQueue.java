package io.envprov.controlplane.operation;

import static io.envprov.controlplane.store.Tables.Operation.*;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationStatus;
import io.envprov.provisioner.OperationTask;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records an operation and enqueues its execution in the same transaction as the change that needs
 * it: the operation row and the db-scheduler execution (instance id = operation id) commit
 * together, so an operation is never lost between the API and the worker, even across a restart.
 */
@Component
public class OperationQueue {

  private final DSLContext dsl;
  private final SchedulerClient scheduler;
  private final Clock clock;
  private final OperationSignal signal;

  OperationQueue(DSLContext dsl, SchedulerClient scheduler, Clock clock, OperationSignal signal) {
    this.dsl = dsl;
    this.scheduler = scheduler;
    this.clock = clock;
    this.signal = signal;
  }

  /**
   * Records the operation and schedules its execution (db-scheduler's own client, instance id =
   * operation id) in the caller's transaction, which must be running; the local worker is woken
   * once it commits.
   */
  public OperationRef submit(
      OperationKind kind, UUID environmentId, Map<String, ?> payload, String createdBy) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("an operation is submitted inside its change's transaction");
    }
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    dsl.insertInto(TABLE)
        .set(ID, id)
        .set(KIND, kind.sqlValue())
        .set(RESOURCE_TYPE, "environment")
        .set(RESOURCE_ID, environmentId)
        .set(STATUS, OperationStatus.PENDING.sqlValue())
        .set(ATTEMPTS, 0)
        .set(PAYLOAD, Json.jsonb(payload))
        .set(CREATED_BY, createdBy)
        .set(CREATED_AT, now)
        .set(UPDATED_AT, now)
        .execute();
    // A batch of one is db-scheduler's plain insert: the id is new, so the read that
    // scheduleIfNotExists makes first could only find nothing.
    scheduler.scheduleBatch(
        List.of(OperationTask.DESCRIPTOR.instance(id.toString()).scheduledTo(now.toInstant())));
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            signal.operationsDue();
          }
        });
    return OperationRef.of(id);
  }
}
