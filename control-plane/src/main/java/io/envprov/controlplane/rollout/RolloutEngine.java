package io.envprov.controlplane.rollout;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.domain.RolloutStatus;
import io.envprov.controlplane.domain.RolloutTargetStatus;
import io.envprov.controlplane.packages.InstallOutcome;
import io.envprov.controlplane.packages.PackageInstaller;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.RolloutTables.Rollout;
import io.envprov.controlplane.store.RolloutTables.RolloutTarget;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a rollout one wave per call: the current wave's targets still to do ({@code pending}, or
 * {@code running} when a crashed attempt left them so) are installed on a bounded pool, at most
 * {@code max_concurrency_per_server} at once per database server (the local disk of SQLite
 * environments counts as one server), each result recorded in its own short transaction as it
 * comes. A failure in the canary wave, or more failures than the budget allows, pauses the rollout
 * in the same transaction that records it; the rollout's status is read again before each target
 * starts, so a pause or an abort (by itself or by request) starts nothing more, and targets past
 * the failure point are never touched. When the wave has nothing left to do it moves the rollout to
 * the next wave, or to {@code succeeded} after the last.
 *
 * <p>Each target is claimed before it runs (its status and attempt number checked and bumped in one
 * update), and its result is recorded only by the attempt that holds it: an execution revived
 * elsewhere after a crash re-runs what was left {@code running} (the installer is idempotent: the
 * environment's own history decides what is applied), and a stale attempt records nothing.
 */
class RolloutEngine {

  /** How the engine signs the rollout's own audit events. */
  static final String ACTOR = "system:rollout";

  /** The server key of environments whose database has no server (SQLite: the local disk). */
  static final String LOCAL_DISK = "local";

  private static final Logger log = LoggerFactory.getLogger(RolloutEngine.class);
  private static final int MAX_REASON = 500;

  private final DSLContext dsl;
  private final AuditLog audit;
  private final Clock clock;
  private final Supplier<PackageInstaller> installer;
  private final int threads;

  /**
   * @param installer looked up when a wave starts (a rollout whose installer is missing fails its
   *     execution before touching anything)
   * @param threads the most installs this engine runs at once for one rollout
   */
  RolloutEngine(
      DSLContext dsl,
      AuditLog audit,
      Clock clock,
      Supplier<PackageInstaller> installer,
      int threads) {
    this.dsl = dsl;
    this.audit = audit;
    this.clock = clock;
    this.installer = installer;
    this.threads = Math.max(1, threads);
  }

  /** The rollout as a wave needs it. */
  private record State(
      UUID id,
      String packageName,
      String version,
      @Nullable UUID organizationId,
      RolloutStrategy strategy,
      RolloutStatus status,
      int currentWave,
      String createdBy) {}

  /** A target still to do, as read when the wave started. */
  private record Target(UUID environmentId, String server, String status, int attempts) {}

  /** What one install came to, for the attempt that ran it. */
  private record Finished(Target target, int attempt, InstallOutcome outcome) {}

  /**
   * Runs what is left of the rollout's current wave and moves it on.
   *
   * @return the rollout's status afterwards; null when there is no such rollout
   */
  @Nullable RolloutStatus runWave(UUID rolloutId) {
    State state = load(rolloutId);
    if (state == null || state.status() != RolloutStatus.RUNNING) {
      return state == null ? null : state.status();
    }
    PackageInstaller packages = installer.get();
    List<Target> todo =
        dsl.select(
                RolloutTarget.ENVIRONMENT_ID,
                RolloutTarget.SERVER_ID,
                RolloutTarget.STATUS,
                RolloutTarget.ATTEMPTS)
            .from(RolloutTarget.TABLE)
            .where(RolloutTarget.ROLLOUT_ID.eq(rolloutId))
            .and(RolloutTarget.WAVE.eq(state.currentWave()))
            .and(
                RolloutTarget.STATUS.in(
                    RolloutTargetStatus.PENDING.sqlValue(), RolloutTargetStatus.RUNNING.sqlValue()))
            .orderBy(RolloutTarget.POSITION)
            .fetch(
                row ->
                    new Target(
                        row.value1(),
                        row.value2() == null ? LOCAL_DISK : row.value2().toString(),
                        row.value3(),
                        row.value4()));
    if (!todo.isEmpty()) {
      dispatch(state, packages, todo);
    }
    return finishWave(state);
  }

  /**
   * Hands the targets out in order as their servers have room; each runs on the pool as claim,
   * install, record (the store's work spread over the pool, not queued behind one thread). A
   * server's slot is held from the claim until the work in the environment's database succeeded
   * ({@link PackageInstaller#install(UUID, String, String, boolean, String, Runnable)}): writing a
   * success down in the store happens outside it, so the server always has its {@code
   * max_concurrency_per_server} installs running while the last ones are being recorded. A failure
   * keeps its slot until it is recorded (and has paused the rollout, if it must). Once a claim
   * finds the rollout no longer running, nothing more is handed out.
   */
  private void dispatch(State state, PackageInstaller packages, List<Target> todo) {
    int poolSize = Math.min(threads, todo.size());
    int perServer = state.strategy().maxConcurrencyPerServer();
    ExecutorService pool = Executors.newFixedThreadPool(poolSize, threadsFor(state.id()));
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Map<String, Integer> busy = new HashMap<>();
    List<Target> waiting = new ArrayList<>(todo);
    int inFlight = 0;
    boolean stopping = false;
    try {
      while (true) {
        Iterator<Target> next = waiting.iterator();
        while (!stopping && inFlight < poolSize && next.hasNext()) {
          Target target = next.next();
          if (busy.getOrDefault(target.server(), 0) >= perServer) {
            continue;
          }
          next.remove();
          busy.merge(target.server(), 1, Integer::sum);
          inFlight++;
          pool.execute(() -> turn(packages, state, target, events));
        }
        // Nothing in flight: every target was handed out, or the rollout stopped.
        if (inFlight == 0) {
          return;
        }
        Event event = events.take();
        if (event.failure() != null) {
          throw new IllegalStateException("rollout " + state.id() + " failed", event.failure());
        }
        if (event.released()) {
          busy.merge(event.target().server(), -1, Integer::sum);
        } else {
          inFlight--;
          stopping |= event.claim() == Claim.STOP;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("rollout " + state.id() + " interrupted", e);
    } finally {
      // Normally idle by now; after a failure, what is still running is abandoned (left
      // 'running', so the next execution runs it again).
      pool.shutdownNow();
    }
  }

  /**
   * What a target's turn tells the dispatcher: its server's slot is free ({@code released}), or the
   * turn is over with what its claim came to (it ran, and was recorded, only for RUN), or it failed
   * as a whole.
   */
  private record Event(
      Target target, boolean released, @Nullable Claim claim, @Nullable Throwable failure) {}

  private void turn(
      PackageInstaller packages, State state, Target target, BlockingQueue<Event> events) {
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            events.add(new Event(target, true, null, null));
          }
        };
    try {
      Claim claim = claim(state, target);
      if (claim == Claim.RUN) {
        // The installer releases the slot itself once the database work succeeded; a failure is
        // recorded (and may pause the rollout) before the slot frees, so at one install per server
        // nothing past the failure point starts.
        InstallOutcome outcome = install(packages, state, target, release);
        record(state, new Finished(target, target.attempts() + 1, outcome));
      }
      release.run();
      events.add(new Event(target, false, claim, null));
    } catch (RuntimeException | Error e) {
      release.run();
      events.add(new Event(target, false, null, e));
    }
  }

  private InstallOutcome install(
      PackageInstaller packages, State state, Target target, Runnable databaseSucceeded) {
    try {
      return packages.install(
          target.environmentId(),
          state.packageName(),
          state.version(),
          false,
          state.createdBy(),
          databaseSucceeded);
    } catch (ApiException e) {
      return failed(e.getMessage());
    } catch (RuntimeException e) {
      // Not an outcome the installer meant: its message may hold what the API must not show.
      log.warn(
          "rollout {}: installing into environment {} failed unexpectedly",
          state.id(),
          target.environmentId(),
          e);
      return failed(
          "the install failed unexpectedly ("
              + e.getClass().getSimpleName()
              + "); see the control plane's log");
    }
  }

  private static InstallOutcome failed(String error) {
    return new InstallOutcome(InstallOutcome.Result.FAILED, null, List.of(), error);
  }

  /** What claiming a target came to. */
  private enum Claim {
    /** The target is this attempt's: run it. */
    RUN,
    /** Nothing to run: settled as not active, or another execution took it meanwhile. */
    NOTHING,
    /** The rollout is no longer running: start nothing more. */
    STOP
  }

  /**
   * Takes the target for a new attempt, or settles it as {@code skipped_not_active} when its
   * environment is not active now, provided the rollout is still running. The rollout's row is read
   * under a share lock, so a pause or an abort either comes before (and nothing starts) or after
   * (and the target started before it); the environment's row too, so its status holds until the
   * claim commits (a suspend waits for it).
   */
  private Claim claim(State state, Target target) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          reDerivable(trx);
          // The environment first: while a change of the environment holds its row, this waits
          // without holding the rollout's, so a pause or an abort meanwhile is not kept waiting.
          String environmentStatus =
              trx.select(Environment.STATUS)
                  .from(Environment.TABLE)
                  .where(Environment.ID.eq(target.environmentId()))
                  .forShare()
                  .fetchOne(Environment.STATUS);
          String rolloutStatus =
              trx.select(Rollout.STATUS)
                  .from(Rollout.TABLE)
                  .where(Rollout.ID.eq(state.id()))
                  .forShare()
                  .fetchOne(Rollout.STATUS);
          if (!RolloutStatus.RUNNING.sqlValue().equals(rolloutStatus)) {
            return Claim.STOP;
          }
          OffsetDateTime now = Timestamps.now(clock);
          int attempt = target.attempts() + 1;
          Condition held =
              RolloutTarget.ROLLOUT_ID
                  .eq(state.id())
                  .and(RolloutTarget.ENVIRONMENT_ID.eq(target.environmentId()))
                  .and(RolloutTarget.STATUS.eq(target.status()))
                  .and(RolloutTarget.ATTEMPTS.eq(target.attempts()));
          if (!EnvironmentStatus.ACTIVE.sqlValue().equals(environmentStatus)) {
            trx.update(RolloutTarget.TABLE)
                .set(RolloutTarget.STATUS, RolloutTargetStatus.SKIPPED_NOT_ACTIVE.sqlValue())
                .set(
                    RolloutTarget.ERROR,
                    "the environment is "
                        + (environmentStatus == null ? "gone" : environmentStatus)
                        + "; not touched")
                .set(RolloutTarget.ATTEMPTS, attempt)
                .set(RolloutTarget.STARTED_AT, now)
                .set(RolloutTarget.FINISHED_AT, now)
                .where(held)
                .execute();
            return Claim.NOTHING;
          }
          int claimed =
              trx.update(RolloutTarget.TABLE)
                  .set(RolloutTarget.STATUS, RolloutTargetStatus.RUNNING.sqlValue())
                  .set(RolloutTarget.ATTEMPTS, attempt)
                  .set(RolloutTarget.STARTED_AT, now)
                  .set(RolloutTarget.FINISHED_AT, (OffsetDateTime) null)
                  .set(RolloutTarget.ERROR, (String) null)
                  .where(held)
                  .execute();
          return claimed == 1 ? Claim.RUN : Claim.NOTHING;
        });
  }

  /**
   * Records one result, if its attempt still holds the target; a failure that breaks the canary or
   * the budget pauses the rollout in the same transaction.
   */
  private void record(State state, Finished finished) {
    InstallOutcome outcome = finished.outcome();
    RolloutTargetStatus status =
        switch (outcome.result()) {
          case SUCCEEDED -> RolloutTargetStatus.SUCCEEDED;
          case FAILED -> RolloutTargetStatus.FAILED;
          case SKIPPED_DRIFT -> RolloutTargetStatus.SKIPPED_DRIFT;
          case SKIPPED_NOT_ACTIVE -> RolloutTargetStatus.SKIPPED_NOT_ACTIVE;
        };
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          if (!status.failure()) {
            reDerivable(trx);
          }
          int recorded =
              trx.update(RolloutTarget.TABLE)
                  .set(RolloutTarget.STATUS, status.sqlValue())
                  .set(RolloutTarget.FROM_VERSION, outcome.fromVersion())
                  .set(
                      RolloutTarget.ERROR,
                      status == RolloutTargetStatus.SUCCEEDED ? null : outcome.error())
                  .set(RolloutTarget.FINISHED_AT, Timestamps.now(clock))
                  .where(RolloutTarget.ROLLOUT_ID.eq(state.id()))
                  .and(RolloutTarget.ENVIRONMENT_ID.eq(finished.target().environmentId()))
                  .and(RolloutTarget.STATUS.eq(RolloutTargetStatus.RUNNING.sqlValue()))
                  .and(RolloutTarget.ATTEMPTS.eq(finished.attempt()))
                  .execute();
          if (recorded == 1 && status.failure()) {
            pauseIfOverBudget(trx, state, finished.target().environmentId(), outcome.error());
          }
        });
  }

  /**
   * Commits the running transaction without waiting for its WAL to reach the disk. Only for what a
   * crash may lose without harm: a claim or a success lost with the last instants before a store
   * crash leaves the target {@code pending} or {@code running}, and it is installed again, which
   * the environment's own history turns into a no-op. A failure (which may pause the rollout and is
   * audited) is always committed durably. Saves a disk flush per install on the rollout's critical
   * path.
   */
  private static void reDerivable(DSLContext trx) {
    trx.execute("SET LOCAL synchronous_commit TO OFF");
  }

  private void pauseIfOverBudget(
      DSLContext trx, State state, UUID environmentId, @Nullable String error) {
    Record rollout =
        trx.select(Rollout.STATUS, Rollout.FAILURES_ACKNOWLEDGED)
            .from(Rollout.TABLE)
            .where(Rollout.ID.eq(state.id()))
            .forUpdate()
            .fetchOne();
    if (rollout == null || !RolloutStatus.RUNNING.sqlValue().equals(rollout.get(Rollout.STATUS))) {
      return;
    }
    int failed =
        trx.fetchCount(
            RolloutTarget.TABLE,
            RolloutTarget.ROLLOUT_ID
                .eq(state.id())
                .and(RolloutTarget.STATUS.eq(RolloutTargetStatus.FAILED.sqlValue())));
    int unacknowledged = failed - rollout.get(Rollout.FAILURES_ACKNOWLEDGED);
    boolean canary = state.strategy().isCanary(state.currentWave());
    int allowed = canary ? 0 : state.strategy().maxFailures();
    if (unacknowledged <= allowed) {
      return;
    }
    String reason =
        canary
            ? "the canary failed: environment " + environmentId + ": " + error
            : unacknowledged
                + " environments failed, more than max_failures ("
                + allowed
                + "); the last: environment "
                + environmentId
                + ": "
                + error;
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON - 3) + "...";
    }
    RolloutTransitions.pause(trx, state.id(), reason, clock);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", reason);
    details.put("wave", state.currentWave());
    details.put("failed", failed);
    details.put("max_failures", state.strategy().maxFailures());
    audit.record(
        trx,
        ACTOR,
        "rollout.paused_by_failure",
        "rollout",
        state.id(),
        state.organizationId(),
        details);
  }

  /**
   * Moves the rollout on once its current wave has nothing left to do: to the next wave, or to
   * {@code succeeded} after the last. Returns its status.
   */
  private RolloutStatus finishWave(State state) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          Record rollout =
              trx.select(Rollout.STATUS, Rollout.CURRENT_WAVE, Rollout.WAVES)
                  .from(Rollout.TABLE)
                  .where(Rollout.ID.eq(state.id()))
                  .forUpdate()
                  .fetchOne();
          RolloutStatus status = RolloutStatus.fromSql(rollout.get(Rollout.STATUS));
          int wave = rollout.get(Rollout.CURRENT_WAVE);
          if (status != RolloutStatus.RUNNING || wave != state.currentWave()) {
            return status;
          }
          int left =
              trx.fetchCount(
                  RolloutTarget.TABLE,
                  RolloutTarget.ROLLOUT_ID
                      .eq(state.id())
                      .and(RolloutTarget.WAVE.eq(wave))
                      .and(
                          RolloutTarget.STATUS.in(
                              RolloutTargetStatus.PENDING.sqlValue(),
                              RolloutTargetStatus.RUNNING.sqlValue())));
          if (left > 0) {
            // Stopped early and resumed meanwhile, or another execution holds some: run again.
            return status;
          }
          OffsetDateTime now = Timestamps.now(clock);
          if (wave + 1 < rollout.get(Rollout.WAVES)) {
            trx.update(Rollout.TABLE)
                .set(Rollout.CURRENT_WAVE, wave + 1)
                .set(Rollout.UPDATED_AT, now)
                .where(Rollout.ID.eq(state.id()))
                .execute();
            return status;
          }
          trx.update(Rollout.TABLE)
              .set(Rollout.STATUS, RolloutStatus.SUCCEEDED.sqlValue())
              .set(Rollout.PAUSE_REASON, (String) null)
              .set(Rollout.UPDATED_AT, now)
              .set(Rollout.FINISHED_AT, now)
              .where(Rollout.ID.eq(state.id()))
              .execute();
          audit.record(
              trx,
              ACTOR,
              "rollout.succeeded",
              "rollout",
              state.id(),
              state.organizationId(),
              counts(trx, state.id()));
          return RolloutStatus.SUCCEEDED;
        });
  }

  /** The rollout's targets per status, for the audit trail. */
  private static Map<String, Object> counts(DSLContext trx, UUID rolloutId) {
    Map<String, Object> counts = new LinkedHashMap<>();
    trx.select(RolloutTarget.STATUS, org.jooq.impl.DSL.count())
        .from(RolloutTarget.TABLE)
        .where(RolloutTarget.ROLLOUT_ID.eq(rolloutId))
        .groupBy(RolloutTarget.STATUS)
        .orderBy(RolloutTarget.STATUS)
        .forEach(row -> counts.put(row.value1(), row.value2()));
    return counts;
  }

  private @Nullable State load(UUID rolloutId) {
    Record row = dsl.selectFrom(Rollout.TABLE).where(Rollout.ID.eq(rolloutId)).fetchOne();
    if (row == null) {
      return null;
    }
    return new State(
        rolloutId,
        row.get(Rollout.PACKAGE_NAME),
        row.get(Rollout.VERSION),
        row.get(Rollout.ORGANIZATION_ID),
        RolloutStrategy.fromJson(Json.map(row.get(Rollout.STRATEGY))),
        RolloutStatus.fromSql(row.get(Rollout.STATUS)),
        row.get(Rollout.CURRENT_WAVE),
        row.get(Rollout.CREATED_BY));
  }

  private static ThreadFactory threadsFor(UUID rolloutId) {
    String prefix = "rollout-" + rolloutId.toString().substring(0, 8) + "-";
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
