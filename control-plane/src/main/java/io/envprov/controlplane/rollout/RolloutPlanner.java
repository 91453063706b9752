package io.envprov.controlplane.rollout;

import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.domain.RolloutStatus;
import io.envprov.controlplane.domain.RolloutTargetStatus;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.RolloutTables.Rollout;
import io.envprov.controlplane.store.RolloutTables.RolloutTarget;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Timestamps;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep7;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Writes a new rollout and its targets: the environments its selector picks, resolved now, in a
 * stable order (organization, creation time, id), each given its wave. Environments archived or
 * being deleted are left out; the status of the others is looked at again when their turn comes.
 */
@Component
class RolloutPlanner {

  /** Targets written per insert statement. */
  private static final int INSERT_CHUNK = 500;

  private final Clock clock;

  RolloutPlanner(Clock clock) {
    this.clock = clock;
  }

  /** What was written. */
  record Planned(UUID id, int targets, int waves, RolloutStatus status) {}

  /**
   * Inserts the rollout ({@code running}, or {@code succeeded} at once when the selector matches no
   * environment) and its targets, in the caller's transaction.
   */
  Planned plan(
      DSLContext trx,
      String packageName,
      String version,
      RolloutSelector selector,
      RolloutStrategy strategy,
      String createdBy) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    List<Record2<UUID, UUID>> environments =
        trx.select(Environment.ID, EnvironmentDatabase.SERVER_ID)
            .from(Environment.TABLE)
            .leftJoin(EnvironmentDatabase.TABLE)
            .on(EnvironmentDatabase.ENVIRONMENT_ID.eq(Environment.ID))
            .where(matching(selector))
            .orderBy(Environment.ORGANIZATION_ID, Environment.CREATED_AT, Environment.ID)
            .fetch();
    int targets = environments.size();
    int waves = strategy.waves(targets);
    RolloutStatus status = targets == 0 ? RolloutStatus.SUCCEEDED : RolloutStatus.RUNNING;
    trx.insertInto(Rollout.TABLE)
        .set(Rollout.ID, id)
        .set(Rollout.PACKAGE_NAME, packageName)
        .set(Rollout.VERSION, version)
        .set(Rollout.ORGANIZATION_ID, selector.organizationId())
        .set(Rollout.SELECTOR, Json.jsonb(selector.toJson()))
        .set(Rollout.STRATEGY, Json.jsonb(strategy.toJson()))
        .set(Rollout.STATUS, status.sqlValue())
        .set(Rollout.CURRENT_WAVE, 0)
        .set(Rollout.WAVES, waves)
        .set(Rollout.TARGETS, targets)
        .set(Rollout.FAILURES_ACKNOWLEDGED, 0)
        .set(Rollout.CREATED_BY, createdBy)
        .set(Rollout.CREATED_AT, now)
        .set(Rollout.UPDATED_AT, now)
        .set(Rollout.FINISHED_AT, targets == 0 ? now : null)
        .execute();
    for (int from = 0; from < targets; from += INSERT_CHUNK) {
      InsertValuesStep7<Record, UUID, UUID, UUID, Integer, Integer, String, Integer> insert =
          trx.insertInto(
              RolloutTarget.TABLE,
              RolloutTarget.ROLLOUT_ID,
              RolloutTarget.ENVIRONMENT_ID,
              RolloutTarget.SERVER_ID,
              RolloutTarget.POSITION,
              RolloutTarget.WAVE,
              RolloutTarget.STATUS,
              RolloutTarget.ATTEMPTS);
      for (int position = from; position < Math.min(targets, from + INSERT_CHUNK); position++) {
        Record2<UUID, UUID> environment = environments.get(position);
        insert =
            insert.values(
                id,
                environment.value1(),
                environment.value2(),
                position,
                strategy.waveOf(position),
                RolloutTargetStatus.PENDING.sqlValue(),
                0);
      }
      insert.execute();
    }
    return new Planned(id, targets, waves, status);
  }

  /**
   * How many of {@code environmentIds} name an environment within {@code organizationId} (any
   * organization when null), whatever its status.
   */
  static int known(DSLContext trx, List<UUID> environmentIds, @Nullable UUID organizationId) {
    return trx.fetchCount(
        Environment.TABLE,
        Environment.ID
            .in(environmentIds)
            .and(
                organizationId == null
                    ? DSL.noCondition()
                    : Environment.ORGANIZATION_ID.eq(organizationId)));
  }

  private static Condition matching(RolloutSelector selector) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        Environment.STATUS.notIn(
            EnvironmentStatus.ARCHIVED.sqlValue(),
            EnvironmentStatus.DEPROVISIONING.sqlValue(),
            // Deleted into the recovery window: gone for the tenant; a recover brings it back
            // with its packages as they were, for a later rollout to pick up.
            EnvironmentStatus.DELETED.sqlValue()));
    if (selector.organizationId() != null) {
      conditions.add(Environment.ORGANIZATION_ID.eq(selector.organizationId()));
    }
    if (selector.envTypes() != null) {
      conditions.add(Environment.ENV_TYPE.in(selector.envTypes()));
    }
    if (selector.drivers() != null) {
      conditions.add(EnvironmentDatabase.DRIVER.in(selector.drivers()));
    }
    if (selector.serverId() != null) {
      conditions.add(EnvironmentDatabase.SERVER_ID.eq(selector.serverId()));
    }
    if (selector.environmentIds() != null) {
      conditions.add(Environment.ID.in(selector.environmentIds()));
    }
    return DSL.and(conditions);
  }
}
