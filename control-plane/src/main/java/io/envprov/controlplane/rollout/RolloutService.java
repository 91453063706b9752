package io.envprov.controlplane.rollout;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.RolloutStatus;
import io.envprov.controlplane.domain.RolloutTargetStatus;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.PackageTables.PackageVersion;
import io.envprov.controlplane.store.RolloutTables.Rollout;
import io.envprov.controlplane.store.Tables.DatabaseServer;
import io.envprov.controlplane.store.Tables.Organization;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import io.envprov.provisioner.DriverCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Starting, reading and steering rollouts. Every change is one transaction with its audit event.
 */
@Service
class RolloutService {

  private final DSLContext dsl;
  private final RolloutPlanner planner;
  private final RolloutRepository rollouts;
  private final RolloutQueue queue;
  private final AuditLog audit;
  private final DriverCatalog drivers;
  private final Clock clock;

  RolloutService(
      DSLContext dsl,
      RolloutPlanner planner,
      RolloutRepository rollouts,
      RolloutQueue queue,
      AuditLog audit,
      DriverCatalog drivers,
      Clock clock) {
    this.dsl = dsl;
    this.planner = planner;
    this.rollouts = rollouts;
    this.queue = queue;
    this.audit = audit;
    this.drivers = drivers;
    this.clock = clock;
  }

  /**
   * Resolves the selector's environments into targets and starts the rollout. A selector matching
   * no environment makes a rollout that has succeeded at once, with no targets.
   */
  RolloutView create(Actor actor, CreateRolloutRequest request) {
    RolloutSelector selector = normalized(request.selector());
    RolloutStrategy strategy =
        (request.strategy() == null ? RolloutStrategy.DEFAULTS : request.strategy()).withDefaults();
    requirePackage(request.name(), request.version());
    // The answer is read in the transaction: it shows the rollout as created, however fast the
    // worker then moves it on.
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          if (selector.environmentIds() != null
              && RolloutPlanner.known(trx, selector.environmentIds(), selector.organizationId())
                  < selector.environmentIds().size()) {
            throw invalid(
                "environment_ids",
                selector.organizationId() == null
                    ? "names environments that do not exist"
                    : "names environments that are not in the selected organization");
          }
          RolloutPlanner.Planned planned =
              planner.plan(
                  trx, request.name(), request.version(), selector, strategy, actor.name());
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("name", request.name());
          details.put("version", request.version());
          details.put("targets", planned.targets());
          details.put("waves", planned.waves());
          details.put("selector", selector.toJson());
          details.put("strategy", strategy.toJson());
          audit.record(
              trx,
              actor.name(),
              "rollout.created",
              "rollout",
              planned.id(),
              selector.organizationId(),
              details);
          if (planned.status() == RolloutStatus.SUCCEEDED) {
            audit.record(
                trx,
                RolloutEngine.ACTOR,
                "rollout.succeeded",
                "rollout",
                planned.id(),
                selector.organizationId(),
                Map.of("targets", 0));
          } else {
            queue.schedule(planned.id());
          }
          return get(planned.id());
        });
  }

  RolloutView get(UUID id) {
    return rollouts.find(id).orElseThrow(() -> ApiException.notFound("rollout", id));
  }

  Page<RolloutView> list(Condition visible, @Nullable PageCursor cursor, int limit) {
    return rollouts.page(visible, cursor, limit);
  }

  Page<RolloutTargetView> environments(
      UUID id, @Nullable RolloutTargetStatus status, @Nullable PositionCursor cursor, int limit) {
    return rollouts.targets(id, status, cursor, limit);
  }

  /** {@code running -> paused}: no new environment is started; those running finish. */
  RolloutView pause(Actor actor, UUID id) {
    return transition(
        actor,
        id,
        RolloutStatus.PAUSED,
        "rollout.paused",
        (trx, current) -> {
          RolloutTransitions.pause(trx, id, "paused by " + actor.name(), clock);
          return Map.of();
        });
  }

  /**
   * {@code paused -> running}, accepting the failures so far: the canary and the failure budget
   * count only failures from now on. Its execution is scheduled again unless one is still running
   * (which then goes on by itself).
   */
  RolloutView resume(Actor actor, UUID id) {
    return transition(
        actor,
        id,
        RolloutStatus.RUNNING,
        "rollout.resumed",
        (trx, current) -> {
          int failed = RolloutTransitions.resume(trx, id, clock);
          queue.schedule(id);
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("failures_acknowledged", failed);
          if (current.pauseReason() != null) {
            details.put("pause_reason", current.pauseReason());
          }
          return details;
        });
  }

  /**
   * {@code running | paused -> aborted}: nothing more is started; environments not reached stay
   * {@code pending} (never touched), those running finish and are recorded.
   */
  RolloutView abort(Actor actor, UUID id) {
    return transition(
        actor,
        id,
        RolloutStatus.ABORTED,
        "rollout.aborted",
        (trx, current) -> {
          RolloutTransitions.abort(trx, id, clock);
          return Map.of("from", current.status().sqlValue());
        });
  }

  /** The rollout's row as a transition reads it (locked). */
  private record Current(
      RolloutStatus status, @Nullable UUID organizationId, @Nullable String pauseReason) {}

  @FunctionalInterface
  private interface Change {
    /** Applies the change and returns the audit event's details. */
    Map<String, ?> apply(DSLContext trx, Current current);
  }

  private RolloutView transition(
      Actor actor, UUID id, RolloutStatus to, String action, Change change) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          Current current =
              trx.select(Rollout.STATUS, Rollout.ORGANIZATION_ID, Rollout.PAUSE_REASON)
                  .from(Rollout.TABLE)
                  .where(Rollout.ID.eq(id))
                  .forUpdate()
                  .fetchOptional(
                      row ->
                          new Current(
                              RolloutStatus.fromSql(row.value1()), row.value2(), row.value3()))
                  .orElseThrow(() -> ApiException.notFound("rollout", id));
          if (current.status().finished()) {
            throw new ApiException(
                ErrorCode.ROLLOUT_FINISHED,
                "the rollout is " + current.status().sqlValue() + "; it cannot change any more");
          }
          if (!current.status().canBecome(to)) {
            throw ApiException.invalidState(
                "a rollout that is "
                    + current.status().sqlValue()
                    + " cannot become "
                    + to.sqlValue());
          }
          Map<String, ?> details = change.apply(trx, current);
          audit.record(trx, actor.name(), action, "rollout", id, current.organizationId(), details);
          // Read in the transaction: the rollout as this change left it.
          return get(id);
        });
  }

  private void requirePackage(String name, String version) {
    boolean published =
        dsl.fetchExists(
            PackageVersion.TABLE,
            PackageVersion.NAME.eq(name).and(PackageVersion.VERSION.eq(version)));
    if (!published) {
      throw new ApiException(
          ErrorCode.PACKAGE_NOT_FOUND, "package " + name + " " + version + " is not published");
    }
  }

  /**
   * The selector with its lists deduplicated, after checking that each filter can match something:
   * a list present but empty, an unknown environment type or driver, or a server or organization
   * that does not exist, is 422 {@code invalid_selector}.
   */
  private RolloutSelector normalized(RolloutSelector selector) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    List<String> envTypes = distinct(selector.envTypes());
    if (envTypes != null) {
      if (envTypes.isEmpty()) {
        errors.add(field("env_types", "must name at least one type, or be left out"));
      } else if (!envTypes.stream().allMatch(type -> EnvType.parse(type).isPresent())) {
        errors.add(
            field(
                "env_types",
                "must each be one of "
                    + Arrays.stream(EnvType.values())
                        .map(EnvType::sqlValue)
                        .collect(Collectors.joining(", "))));
      }
    }
    List<String> driverNames = distinct(selector.drivers());
    if (driverNames != null) {
      if (driverNames.isEmpty()) {
        errors.add(field("drivers", "must name at least one driver, or be left out"));
      } else if (!driverNames.stream().allMatch(drivers::isAvailable)) {
        errors.add(
            field(
                "drivers",
                "must each be an installed driver ("
                    + String.join(", ", drivers.names().stream().sorted().toList())
                    + ")"));
      }
    }
    List<UUID> environmentIds = distinct(selector.environmentIds());
    if (environmentIds != null && environmentIds.isEmpty()) {
      errors.add(field("environment_ids", "must name at least one environment, or be left out"));
    }
    if (selector.serverId() != null
        && !dsl.fetchExists(DatabaseServer.TABLE, DatabaseServer.ID.eq(selector.serverId()))) {
      errors.add(field("server_id", "names no database server"));
    }
    if (selector.organizationId() != null
        && !dsl.fetchExists(Organization.TABLE, Organization.ID.eq(selector.organizationId()))) {
      // Reached by platform admins only: anyone else was answered 404 by the access check.
      errors.add(field("organization_id", "names no organization"));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(
          ErrorCode.INVALID_SELECTOR,
          errors.get(0).field() + ": " + errors.get(0).message(),
          errors);
    }
    return new RolloutSelector(
        selector.organizationId(), envTypes, driverNames, selector.serverId(), environmentIds);
  }

  private static ApiException invalid(String name, String message) {
    ApiException.FieldError error = field(name, message);
    return new ApiException(
        ErrorCode.INVALID_SELECTOR, error.field() + ": " + message, List.of(error));
  }

  private static ApiException.FieldError field(String name, String message) {
    return new ApiException.FieldError("selector." + name, message);
  }

  private static <T> @Nullable List<T> distinct(@Nullable List<T> values) {
    return values == null ? null : List.copyOf(new LinkedHashSet<>(values));
  }
}
