package io.envprov.controlplane.rollout;

import io.envprov.controlplane.domain.RolloutStatus;
import io.envprov.controlplane.domain.RolloutTargetStatus;
import io.envprov.controlplane.store.RolloutTables.Rollout;
import io.envprov.controlplane.store.RolloutTables.RolloutTarget;
import io.envprov.controlplane.store.Timestamps;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The row changes of pause, resume and abort, made in the caller's transaction once it has locked
 * the rollout and checked the move ({@link RolloutStatus#canBecome}). Separate from the service so
 * the engine's tests steer a rollout exactly as the API does.
 */
final class RolloutTransitions {

  private RolloutTransitions() {}

  /** {@code running -> paused}, with who paused it as the reason. */
  static void pause(DSLContext trx, UUID rolloutId, String reason, Clock clock) {
    trx.update(Rollout.TABLE)
        .set(Rollout.STATUS, RolloutStatus.PAUSED.sqlValue())
        .set(Rollout.PAUSE_REASON, reason)
        .set(Rollout.UPDATED_AT, Timestamps.now(clock))
        .where(Rollout.ID.eq(rolloutId))
        .execute();
  }

  /**
   * {@code paused -> running}, accepting the failures so far: the canary and the failure budget
   * count only failures from now on. Returns how many failures were accepted.
   */
  static int resume(DSLContext trx, UUID rolloutId, Clock clock) {
    int failed =
        trx.fetchCount(
            RolloutTarget.TABLE,
            RolloutTarget.ROLLOUT_ID
                .eq(rolloutId)
                .and(RolloutTarget.STATUS.eq(RolloutTargetStatus.FAILED.sqlValue())));
    trx.update(Rollout.TABLE)
        .set(Rollout.STATUS, RolloutStatus.RUNNING.sqlValue())
        .set(Rollout.PAUSE_REASON, (String) null)
        .set(Rollout.FAILURES_ACKNOWLEDGED, failed)
        .set(Rollout.UPDATED_AT, Timestamps.now(clock))
        .where(Rollout.ID.eq(rolloutId))
        .execute();
    return failed;
  }

  /**
   * {@code running | paused -> aborted}: environments not reached stay {@code pending} (they were
   * never touched, and the counts say how many).
   */
  static void abort(DSLContext trx, UUID rolloutId, Clock clock) {
    OffsetDateTime now = Timestamps.now(clock);
    trx.update(Rollout.TABLE)
        .set(Rollout.STATUS, RolloutStatus.ABORTED.sqlValue())
        .set(Rollout.UPDATED_AT, now)
        .set(Rollout.FINISHED_AT, now)
        .where(Rollout.ID.eq(rolloutId))
        .execute();
  }
}
