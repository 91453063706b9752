package io.envprov.controlplane.operation;

import static io.envprov.controlplane.store.Tables.Operation.*;

import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationStatus;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The two steps every runner of an operation that is not the provisioning engine's takes (packages,
 * backups, restores): claim the operation ({@code pending -> running}, one more attempt; a finished
 * one is not run again), and record its outcome only while the attempt is still the operation's
 * current one, so an attempt revived elsewhere after a stall is never overwritten by the stalled
 * one.
 */
@Component
public class OperationAttempts {

  /** The longest error kept with an operation. */
  public static final int MAX_ERROR_LENGTH = 2000;

  private final Clock clock;

  public OperationAttempts(Clock clock) {
    this.clock = clock;
  }

  /**
   * One claimed attempt.
   *
   * @param operationId the operation
   * @param kind its kind
   * @param resourceId what it acts on (the environment)
   * @param payload its payload
   * @param number the 1-based number of this attempt
   * @param createdBy who asked for the operation
   */
  public record Attempt(
      UUID operationId,
      OperationKind kind,
      UUID resourceId,
      Map<String, Object> payload,
      int number,
      String createdBy) {}

  /**
   * Claims the operation if it is of one of {@code kinds} and still to be done; empty when it is
   * unknown, finished or another runner's.
   */
  public Optional<Attempt> claim(
      DSLContext dsl, UUID operationId, Collection<OperationKind> kinds) {
    OffsetDateTime now = Timestamps.now(clock);
    Record operation =
        dsl.update(TABLE)
            .set(STATUS, OperationStatus.RUNNING.sqlValue())
            .set(ATTEMPTS, ATTEMPTS.plus(1))
            .set(STARTED_AT, DSL.coalesce(STARTED_AT, DSL.val(now)))
            .set(UPDATED_AT, now)
            .where(ID.eq(operationId))
            .and(
                STATUS.in(
                    OperationStatus.claimable().stream().map(OperationStatus::sqlValue).toList()))
            .and(KIND.in(kinds.stream().map(OperationKind::sqlValue).toList()))
            .returning(KIND, RESOURCE_ID, PAYLOAD, ATTEMPTS, CREATED_BY)
            .fetchOne();
    if (operation == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Attempt(
            operationId,
            OperationKind.fromSql(operation.get(KIND)),
            operation.get(RESOURCE_ID),
            Json.map(operation.get(PAYLOAD)),
            operation.get(ATTEMPTS),
            operation.get(CREATED_BY)));
  }

  /**
   * Records the outcome ({@code succeeded} when {@code error} is null, else {@code failed} with the
   * error, cut to {@link #MAX_ERROR_LENGTH}) in the caller's transaction, if attempt {@code number}
   * is still the operation's current one; answers whether it was.
   */
  public boolean finish(DSLContext trx, UUID operationId, int number, @Nullable String error) {
    OperationStatus status = error == null ? OperationStatus.SUCCEEDED : OperationStatus.FAILED;
    OffsetDateTime now = Timestamps.now(clock);
    return trx.update(TABLE)
            .set(STATUS, status.sqlValue())
            .set(ERROR, bounded(error))
            .set(FINISHED_AT, now)
            .set(UPDATED_AT, now)
            .where(ID.eq(operationId))
            .and(STATUS.eq(OperationStatus.RUNNING.sqlValue()))
            .and(ATTEMPTS.eq(number))
            .execute()
        == 1;
  }

  /** The error as it is kept: at most {@link #MAX_ERROR_LENGTH} characters. */
  public static @Nullable String bounded(@Nullable String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH);
  }
}
