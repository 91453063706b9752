package io.envprov.controlplane.rollout;

import io.envprov.controlplane.domain.RolloutStatus;
import io.envprov.controlplane.domain.RolloutTargetStatus;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.RolloutTables.Rollout;
import io.envprov.controlplane.store.RolloutTables.RolloutTarget;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads rollouts for the API. Counts and first errors are derived from the targets (one grouped
 * read per page, over the {@code (rollout_id, status, position)} index), so recording a target's
 * result never contends on the rollout's row.
 */
@Component
class RolloutRepository {

  /** How many failures a rollout shows in {@code first_errors}. */
  static final int FIRST_ERRORS = 5;

  private final DSLContext dsl;

  RolloutRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  Optional<RolloutView> find(UUID id) {
    Record row = dsl.selectFrom(Rollout.TABLE).where(Rollout.ID.eq(id)).fetchOne();
    return row == null ? Optional.empty() : Optional.of(views(List.of(row)).get(0));
  }

  /** Whose a rollout is: its organization, null when fleet-wide. */
  record Owner(@Nullable UUID organizationId) {}

  /** Whose the rollout is, or empty when there is no such rollout. */
  Optional<Owner> ownerOf(UUID id) {
    return dsl.select(Rollout.ORGANIZATION_ID)
        .from(Rollout.TABLE)
        .where(Rollout.ID.eq(id))
        .fetchOptional(row -> new Owner(row.value1()));
  }

  /** A page of the rollouts {@code visible} allows, newest first. */
  Page<RolloutView> page(Condition visible, @Nullable PageCursor cursor, int limit) {
    Condition before =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(Rollout.CREATED_AT, Rollout.ID).lt(cursor.createdAt(), cursor.id());
    List<Record> rows =
        dsl.selectFrom(Rollout.TABLE)
            .where(visible)
            .and(before)
            .orderBy(Rollout.CREATED_AT.desc(), Rollout.ID.desc())
            .limit(limit + 1)
            .fetch();
    List<Record> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
    List<RolloutView> views = views(shown);
    if (rows.size() <= limit) {
      return new Page<>(views, null);
    }
    RolloutView last = views.get(limit - 1);
    return new Page<>(views, new PageCursor(last.createdAt(), last.id()).encode());
  }

  /** A page of a rollout's environments in rollout order, optionally of one status. */
  Page<RolloutTargetView> targets(
      UUID rolloutId,
      @Nullable RolloutTargetStatus status,
      @Nullable PositionCursor cursor,
      int limit) {
    List<RolloutTargetView> rows =
        dsl.selectFrom(RolloutTarget.TABLE)
            .where(RolloutTarget.ROLLOUT_ID.eq(rolloutId))
            .and(status == null ? DSL.noCondition() : RolloutTarget.STATUS.eq(status.sqlValue()))
            .and(cursor == null ? DSL.noCondition() : RolloutTarget.POSITION.gt(cursor.position()))
            .orderBy(RolloutTarget.POSITION)
            .limit(limit + 1)
            .fetch(RolloutRepository::target);
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<RolloutTargetView> items = List.copyOf(rows.subList(0, limit));
    return new Page<>(items, new PositionCursor(items.get(limit - 1).position()).encode());
  }

  private List<RolloutView> views(List<Record> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<UUID> ids = rows.stream().map(row -> row.get(Rollout.ID)).toList();
    Map<UUID, Map<RolloutTargetStatus, Integer>> counts = new HashMap<>();
    Field<Integer> count = DSL.count();
    dsl.select(RolloutTarget.ROLLOUT_ID, RolloutTarget.STATUS, count)
        .from(RolloutTarget.TABLE)
        .where(RolloutTarget.ROLLOUT_ID.in(ids))
        .groupBy(RolloutTarget.ROLLOUT_ID, RolloutTarget.STATUS)
        .forEach(
            row ->
                counts
                    .computeIfAbsent(row.value1(), id -> new EnumMap<>(RolloutTargetStatus.class))
                    .put(RolloutTargetStatus.fromSql(row.value2()), row.value3()));
    Map<UUID, List<RolloutView.TargetError>> errors = firstErrors(ids);
    List<RolloutView> views = new ArrayList<>(rows.size());
    for (Record row : rows) {
      UUID id = row.get(Rollout.ID);
      views.add(view(row, counts.getOrDefault(id, Map.of()), errors.getOrDefault(id, List.of())));
    }
    return views;
  }

  /** Each rollout's first {@link #FIRST_ERRORS} failures, in the order they were recorded. */
  private Map<UUID, List<RolloutView.TargetError>> firstErrors(List<UUID> ids) {
    Field<Integer> rank =
        DSL.rowNumber()
            .over()
            .partitionBy(RolloutTarget.ROLLOUT_ID)
            .orderBy(RolloutTarget.FINISHED_AT, RolloutTarget.POSITION)
            .as("rank");
    var failed =
        DSL.select(
                RolloutTarget.ROLLOUT_ID,
                RolloutTarget.ENVIRONMENT_ID,
                RolloutTarget.ERROR,
                RolloutTarget.FINISHED_AT,
                RolloutTarget.POSITION,
                rank)
            .from(RolloutTarget.TABLE)
            .where(RolloutTarget.ROLLOUT_ID.in(ids))
            .and(RolloutTarget.STATUS.eq(RolloutTargetStatus.FAILED.sqlValue()))
            .asTable("failed");
    Field<UUID> rollout = failed.field(RolloutTarget.ROLLOUT_ID);
    Field<UUID> environment = failed.field(RolloutTarget.ENVIRONMENT_ID);
    Field<String> error = failed.field(RolloutTarget.ERROR);
    Field<OffsetDateTime> finished = failed.field(RolloutTarget.FINISHED_AT);
    Field<Integer> ranked = failed.field(rank);
    Map<UUID, List<RolloutView.TargetError>> errors = new HashMap<>();
    dsl.select(rollout, environment, error, finished)
        .from(failed)
        .where(ranked.le(FIRST_ERRORS))
        .orderBy(ranked)
        .forEach(
            row ->
                errors
                    .computeIfAbsent(row.value1(), id -> new ArrayList<>())
                    .add(
                        new RolloutView.TargetError(
                            row.value2(),
                            row.value3() == null ? "" : row.value3(),
                            Timestamps.utc(row.value4()))));
    return errors;
  }

  private static RolloutView view(
      Record row,
      Map<RolloutTargetStatus, Integer> counts,
      List<RolloutView.TargetError> firstErrors) {
    return new RolloutView(
        row.get(Rollout.ID),
        row.get(Rollout.PACKAGE_NAME),
        row.get(Rollout.VERSION),
        row.get(Rollout.ORGANIZATION_ID),
        RolloutSelector.fromJson(Json.map(row.get(Rollout.SELECTOR))),
        RolloutStrategy.fromJson(Json.map(row.get(Rollout.STRATEGY))),
        RolloutStatus.fromSql(row.get(Rollout.STATUS)),
        row.get(Rollout.PAUSE_REASON),
        row.get(Rollout.CURRENT_WAVE),
        row.get(Rollout.WAVES),
        row.get(Rollout.TARGETS),
        new RolloutView.Counts(
            counts.getOrDefault(RolloutTargetStatus.PENDING, 0),
            counts.getOrDefault(RolloutTargetStatus.RUNNING, 0),
            counts.getOrDefault(RolloutTargetStatus.SUCCEEDED, 0),
            counts.getOrDefault(RolloutTargetStatus.FAILED, 0),
            counts.getOrDefault(RolloutTargetStatus.SKIPPED_DRIFT, 0),
            counts.getOrDefault(RolloutTargetStatus.SKIPPED_NOT_ACTIVE, 0)),
        List.copyOf(firstErrors),
        row.get(Rollout.CREATED_BY),
        Timestamps.utc(row.get(Rollout.CREATED_AT)),
        Timestamps.utc(row.get(Rollout.UPDATED_AT)),
        Timestamps.utc(row.get(Rollout.FINISHED_AT)));
  }

  private static RolloutTargetView target(Record row) {
    return new RolloutTargetView(
        row.get(RolloutTarget.ENVIRONMENT_ID),
        row.get(RolloutTarget.SERVER_ID),
        row.get(RolloutTarget.POSITION),
        row.get(RolloutTarget.WAVE),
        RolloutTargetStatus.fromSql(row.get(RolloutTarget.STATUS)),
        row.get(RolloutTarget.FROM_VERSION),
        row.get(RolloutTarget.ERROR),
        row.get(RolloutTarget.ATTEMPTS),
        Timestamps.utc(row.get(RolloutTarget.STARTED_AT)),
        Timestamps.utc(row.get(RolloutTarget.FINISHED_AT)));
  }
}
