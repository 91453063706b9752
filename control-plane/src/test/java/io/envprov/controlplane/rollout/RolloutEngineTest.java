package io.envprov.controlplane.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.audit.AuditLogs;
import io.envprov.controlplane.domain.RolloutStatus;
import io.envprov.controlplane.domain.RolloutTargetStatus;
import io.envprov.controlplane.packages.InstallOutcome;
import io.envprov.controlplane.packages.PackageInstaller;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.PackageTables.PackageVersion;
import io.envprov.controlplane.store.RolloutTables.Rollout;
import io.envprov.controlplane.store.RolloutTables.RolloutTarget;
import io.envprov.controlplane.store.Tables.AuditEvent;
import io.envprov.controlplane.store.Tables.DatabaseServer;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Tables.Organization;
import io.envprov.testsupport.TestPostgres;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The wave logic of {@link RolloutEngine} on a real store (PostgreSQL migrated as the service
 * migrates it), with a stand-in for the {@link PackageInstaller} port: it fails for chosen
 * environments, keeps each environment's "history" (a second install of an environment that has the
 * version runs nothing, as the real installer's Flyway history makes it), and records every call
 * and how many ran at once per server. No Spring context: the engine is driven wave by wave as the
 * db-scheduler task drives it.
 */
class RolloutEngineTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final String PACKAGE = "crm";
  private static final String VERSION = "1.1.0";
  private static DSLContext dsl;

  @BeforeAll
  static void store() {
    TestPostgres.Database database = TestPostgres.newDatabase();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.jdbcUrl());
    dataSource.setUser(database.user());
    dataSource.setPassword(database.password());
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/control-plane")
        .load()
        .migrate();
    dsl =
        DSL.using(
            dataSource,
            SQLDialect.POSTGRES,
            new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
    dsl.insertInto(PackageVersion.TABLE)
        .set(PackageVersion.NAME, PACKAGE)
        .set(PackageVersion.VERSION, VERSION)
        .set(PackageVersion.VERSION_KEY, new Integer[] {1, 1, 0})
        .set(PackageVersion.MIGRATIONS, Json.jsonb(Map.of()))
        .set(PackageVersion.CHECKSUM, "0".repeat(64))
        .set(PackageVersion.PUBLISHED_BY, "test")
        .set(PackageVersion.PUBLISHED_AT, OffsetDateTime.now(ZoneOffset.UTC))
        .execute();
  }

  @Test
  void a_canary_that_succeeds_is_followed_by_every_wave_in_order() {
    Fleet fleet = new Fleet(25);
    UUID rollout = fleet.rollout(new RolloutStrategy(1, 10, 4, 0));
    FakeInstaller installer = new FakeInstaller(fleet);
    RolloutEngine engine = engine(installer);

    assertThat(waves(rollout)).as("1 canary + 10 + 10 + 4").isEqualTo(4);
    assertThat(engine.runWave(rollout)).isEqualTo(RolloutStatus.RUNNING);
    assertThat(installer.calls).containsExactly(fleet.environments.get(0));
    assertThat(currentWave(rollout)).isEqualTo(1);

    assertThat(runToEnd(engine, rollout)).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(installer.calls).containsExactlyInAnyOrderElementsOf(fleet.environments);
    assertThat(installer.calls).as("each environment once").doesNotHaveDuplicates();
    // Waves run one after the other: every call of a wave comes before any of the next.
    for (int i = 1; i < installer.calls.size(); i++) {
      assertThat(wave(rollout, installer.calls.get(i)))
          .isGreaterThanOrEqualTo(wave(rollout, installer.calls.get(i - 1)));
    }
    assertThat(statuses(rollout)).containsOnlyKeys("succeeded");
    assertThat(audited(rollout)).containsExactly("rollout.succeeded");
    assertThat(
            dsl.select(Rollout.FINISHED_AT)
                .from(Rollout.TABLE)
                .where(Rollout.ID.eq(rollout))
                .fetchOne(Rollout.FINISHED_AT))
        .isNotNull();
  }

  @Test
  void a_failing_canary_pauses_the_rollout_and_nothing_past_it_is_touched() {
    Fleet fleet = new Fleet(12);
    UUID rollout = fleet.rollout(new RolloutStrategy(1, 5, 4, 3));
    FakeInstaller installer = new FakeInstaller(fleet);
    installer.failing.add(fleet.environments.get(0));
    RolloutEngine engine = engine(installer);

    assertThat(engine.runWave(rollout)).isEqualTo(RolloutStatus.PAUSED);
    assertThat(engine.runWave(rollout))
        .as("a paused rollout does nothing")
        .isEqualTo(RolloutStatus.PAUSED);

    assertThat(installer.calls).containsExactly(fleet.environments.get(0));
    assertThat(statuses(rollout)).containsExactly(Map.entry("failed", 1), Map.entry("pending", 11));
    assertUntouched(rollout, fleet.environments.subList(1, 12));
    assertThat(pauseReason(rollout))
        .startsWith("the canary failed: environment " + fleet.environments.get(0))
        .contains("migration 2 failed");
    assertThat(audited(rollout)).containsExactly("rollout.paused_by_failure");
  }

  @Test
  void more_failures_than_the_budget_pause_the_rollout_at_the_failure_point() {
    Fleet fleet = new Fleet(16);
    // One server, one install at a time: the order of calls is the rollout's order.
    UUID rollout = fleet.rollout(new RolloutStrategy(1, 5, 1, 1));
    FakeInstaller installer = new FakeInstaller(fleet);
    installer.failing.add(fleet.environments.get(2));
    installer.failing.add(fleet.environments.get(4));
    RolloutEngine engine = engine(installer);

    assertThat(runToEnd(engine, rollout)).isEqualTo(RolloutStatus.PAUSED);

    // Wave 1 is positions 1-5: the first failure (2) is within the budget, the second (4) is not.
    assertThat(installer.calls).containsExactlyElementsOf(fleet.environments.subList(0, 5));
    assertUntouched(rollout, fleet.environments.subList(5, 16));
    assertThat(statuses(rollout))
        .containsExactly(
            Map.entry("failed", 2), Map.entry("pending", 11), Map.entry("succeeded", 3));
    assertThat(pauseReason(rollout))
        .startsWith("2 environments failed, more than max_failures (1)")
        .contains(fleet.environments.get(4).toString());
    assertThat(firstErrors(rollout))
        .containsExactly(fleet.environments.get(2), fleet.environments.get(4));
  }

  @Test
  void a_resumed_rollout_accepts_the_failures_so_far_and_goes_on_where_it_stopped() {
    Fleet fleet = new Fleet(8);
    UUID rollout = fleet.rollout(new RolloutStrategy(2, 3, 1, 0));
    FakeInstaller installer = new FakeInstaller(fleet);
    installer.failing.add(fleet.environments.get(0));
    installer.failing.add(fleet.environments.get(6));
    RolloutEngine engine = engine(installer);

    assertThat(runToEnd(engine, rollout)).isEqualTo(RolloutStatus.PAUSED);
    assertThat(installer.calls).containsExactly(fleet.environments.get(0));

    resume(rollout);
    // The rest of the canary wave, then wave 1 (2-4), then wave 2 (5-7) until 6 fails: max_failures
    // is 0, and the failure of 0 was accepted by the resume.
    assertThat(runToEnd(engine, rollout)).isEqualTo(RolloutStatus.PAUSED);
    assertThat(installer.calls).containsExactlyElementsOf(fleet.environments.subList(0, 7));
    assertUntouched(rollout, fleet.environments.subList(7, 8));

    resume(rollout);
    assertThat(runToEnd(engine, rollout)).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(installer.calls).containsExactlyElementsOf(fleet.environments);
    assertThat(statuses(rollout))
        .containsExactly(Map.entry("failed", 2), Map.entry("succeeded", 6));
  }

  @Test
  void a_pause_between_targets_starts_nothing_more_and_an_abort_leaves_the_rest_pending() {
    Fleet fleet = new Fleet(10);
    UUID rollout = fleet.rollout(new RolloutStrategy(0, 10, 1, 0));
    FakeInstaller installer = new FakeInstaller(fleet);
    // While the third install runs, someone pauses the rollout.
    installer.during =
        environment -> {
          if (environment.equals(fleet.environments.get(2))) {
            dsl.transaction(
                c -> RolloutTransitions.pause(c.dsl(), rollout, "paused by test", CLOCK));
          }
        };
    RolloutEngine engine = engine(installer);

    assertThat(engine.runWave(rollout)).isEqualTo(RolloutStatus.PAUSED);
    assertThat(installer.calls).containsExactlyElementsOf(fleet.environments.subList(0, 3));
    assertThat(statuses(rollout))
        .containsExactly(Map.entry("pending", 7), Map.entry("succeeded", 3));
    assertUntouched(rollout, fleet.environments.subList(3, 10));

    dsl.transaction(c -> RolloutTransitions.abort(c.dsl(), rollout, CLOCK));
    assertThat(engine.runWave(rollout)).isEqualTo(RolloutStatus.ABORTED);
    assertThat(installer.calls).hasSize(3);
    assertThat(statuses(rollout))
        .containsExactly(Map.entry("pending", 7), Map.entry("succeeded", 3));
  }

  @Test
  void a_crash_mid_wave_is_resumed_by_the_next_execution_and_no_environment_migrates_twice() {
    Fleet fleet = new Fleet(6);
    UUID rollout = fleet.rollout(new RolloutStrategy(1, 5, 1, 0));
    FakeInstaller installer = new FakeInstaller(fleet);
    UUID crashing = fleet.environments.get(3);
    // The third target of wave 1 is migrated, then the control plane dies before recording it.
    installer.during =
        environment -> {
          if (environment.equals(crashing) && installer.calls(environment) == 1) {
            installer.migrate(environment);
            throw new Crash();
          }
        };

    RolloutEngine first = engine(installer);
    assertThat(first.runWave(rollout)).isEqualTo(RolloutStatus.RUNNING);
    assertThatThrownBy(() -> first.runWave(rollout)).hasCauseInstanceOf(Crash.class);
    assertThat(status(rollout, crashing)).isEqualTo("running");
    assertThat(attempts(rollout, crashing)).isEqualTo(1);

    // db-scheduler revives the execution (on another replica, or after the restart).
    RolloutEngine revived = engine(installer);
    assertThat(runToEnd(revived, rollout)).isEqualTo(RolloutStatus.SUCCEEDED);

    assertThat(installer.calls(crashing)).as("run again once").isEqualTo(2);
    assertThat(attempts(rollout, crashing)).isEqualTo(2);
    assertThat(status(rollout, crashing)).isEqualTo("succeeded");
    for (UUID environment : fleet.environments) {
      assertThat(installer.migrations(environment))
          .as("migrations run in " + environment)
          .isEqualTo(1);
    }
    assertThat(statuses(rollout)).containsExactly(Map.entry("succeeded", 6));
  }

  @Test
  void an_environment_that_is_not_active_when_its_turn_comes_is_skipped_untouched() {
    Fleet fleet = new Fleet(4);
    UUID rollout = fleet.rollout(new RolloutStrategy(1, 10, 4, 0));
    UUID suspended = fleet.environments.get(2);
    dsl.update(Environment.TABLE)
        .set(Environment.STATUS, "suspended")
        .where(Environment.ID.eq(suspended))
        .execute();
    FakeInstaller installer = new FakeInstaller(fleet);

    assertThat(runToEnd(engine(installer), rollout)).isEqualTo(RolloutStatus.SUCCEEDED);

    assertThat(installer.calls).doesNotContain(suspended).hasSize(3);
    assertThat(status(rollout, suspended)).isEqualTo("skipped_not_active");
    assertThat(
            dsl.select(RolloutTarget.ERROR)
                .from(RolloutTarget.TABLE)
                .where(RolloutTarget.ROLLOUT_ID.eq(rollout))
                .and(RolloutTarget.ENVIRONMENT_ID.eq(suspended))
                .fetchOne(RolloutTarget.ERROR))
        .isEqualTo("the environment is suspended; not touched");
    assertThat(statuses(rollout))
        .containsExactly(Map.entry("skipped_not_active", 1), Map.entry("succeeded", 3));
  }

  @Test
  void installs_run_in_parallel_but_never_more_than_the_limit_per_server() {
    List<UUID> servers = List.of(server(), server(), server());
    // 40 environments over three servers and the local disk (null: SQLite), interleaved.
    List<UUID> placement = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      placement.add(i % 4 == 3 ? null : servers.get(i % 4));
    }
    Fleet fleet = new Fleet(placement);
    UUID rollout = fleet.rollout(new RolloutStrategy(0, 40, 2, 0));
    FakeInstaller installer = new FakeInstaller(fleet);
    installer.delayMillis = 300;

    assertThat(runToEnd(engine(installer), rollout)).isEqualTo(RolloutStatus.SUCCEEDED);

    assertThat(installer.calls).hasSize(40).doesNotHaveDuplicates();
    assertThat(installer.maxAtOnce)
        .as("at most 2 at once on each server, and as many as allowed")
        .containsOnlyKeys(
            servers.get(0).toString(),
            servers.get(1).toString(),
            servers.get(2).toString(),
            RolloutEngine.LOCAL_DISK);
    assertThat(installer.maxAtOnce.values()).allSatisfy(max -> assertThat(max.get()).isEqualTo(2));
  }

  @Test
  void waves_are_the_canary_then_batches() {
    RolloutStrategy strategy = new RolloutStrategy(1, 10, 4, 0);
    assertThat(strategy.waveOf(0)).isZero();
    assertThat(strategy.waveOf(1)).isEqualTo(1);
    assertThat(strategy.waveOf(10)).isEqualTo(1);
    assertThat(strategy.waveOf(11)).isEqualTo(2);
    assertThat(strategy.waves(0)).isZero();
    assertThat(strategy.waves(1)).isEqualTo(1);
    assertThat(strategy.waves(25)).isEqualTo(4);
    RolloutStrategy noCanary = new RolloutStrategy(0, 10, 4, 0);
    assertThat(noCanary.waveOf(9)).isZero();
    assertThat(noCanary.waveOf(10)).isEqualTo(1);
    assertThat(noCanary.isCanary(0)).isFalse();
    assertThat(new RolloutStrategy(null, null, null, null).withDefaults())
        .isEqualTo(RolloutStrategy.DEFAULTS);
  }

  // ---- the stand-in installer

  /** Thrown by the installer to stand for the control plane dying mid-install. */
  static final class Crash extends Error {
    Crash() {
      super("the control plane died", null, false, false);
    }
  }

  /** The port, standing in for helper B's installer: no database behind it, only bookkeeping. */
  static final class FakeInstaller implements PackageInstaller {
    final Set<UUID> failing = ConcurrentHashMap.newKeySet();
    final List<UUID> calls = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> maxAtOnce = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> atOnce = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> migrated = new ConcurrentHashMap<>();
    private final Fleet fleet;
    volatile Consumer<UUID> during = environment -> {};
    volatile long delayMillis;

    FakeInstaller(Fleet fleet) {
      this.fleet = fleet;
    }

    @Override
    public InstallOutcome install(
        UUID environmentId,
        String packageName,
        String version,
        boolean ignoreDrift,
        String installedBy) {
      assertThat(packageName).isEqualTo(PACKAGE);
      assertThat(version).isEqualTo(VERSION);
      assertThat(ignoreDrift).isFalse();
      calls.add(environmentId);
      String server = fleet.serverOf(environmentId);
      int now = atOnce.computeIfAbsent(server, s -> new AtomicInteger()).incrementAndGet();
      maxAtOnce.computeIfAbsent(server, s -> new AtomicInteger()).accumulateAndGet(now, Math::max);
      try {
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        during.accept(environmentId);
        if (failing.contains(environmentId)) {
          return new InstallOutcome(
              InstallOutcome.Result.FAILED, "1.0.0", List.of(), "migration 2 failed: syntax error");
        }
        // The environment's history decides: what it has is not run again.
        boolean ran = migrations(environmentId) == 0;
        if (ran) {
          migrate(environmentId);
        }
        return new InstallOutcome(
            InstallOutcome.Result.SUCCEEDED, "1.0.0", ran ? List.of("3") : List.of(), null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        atOnce.get(server).decrementAndGet();
      }
    }

    void migrate(UUID environmentId) {
      migrated.computeIfAbsent(environmentId, e -> new AtomicInteger()).incrementAndGet();
    }

    int migrations(UUID environmentId) {
      AtomicInteger count = migrated.get(environmentId);
      return count == null ? 0 : count.get();
    }

    int calls(UUID environmentId) {
      return Collections.frequency(calls, environmentId);
    }
  }

  // ---- the store

  /** An organization's environments, created in order, each on a server or the local disk. */
  static final class Fleet {
    final UUID organization = UUID.randomUUID();
    final List<UUID> environments = new ArrayList<>();
    private final Map<UUID, String> servers = new ConcurrentHashMap<>();

    Fleet(int size) {
      this(Collections.nCopies(size, null));
    }

    Fleet(List<UUID> placement) {
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      dsl.insertInto(Organization.TABLE)
          .set(Organization.ID, organization)
          .set(Organization.SLUG, "org-" + organization.toString().substring(0, 8))
          .set(Organization.NAME, "Org")
          .set(Organization.CREATED_AT, now)
          .set(Organization.UPDATED_AT, now)
          .execute();
      for (int i = 0; i < placement.size(); i++) {
        UUID id = UUID.randomUUID();
        UUID server = placement.get(i);
        OffsetDateTime created = now.plusNanos(i * 1_000L);
        dsl.insertInto(Environment.TABLE)
            .set(Environment.ID, id)
            .set(Environment.ORGANIZATION_ID, organization)
            .set(Environment.SLUG, "env-" + i)
            .set(Environment.NAME, "Env " + i)
            .set(Environment.ENV_TYPE, "sandbox")
            .set(Environment.REGION, "local")
            .set(Environment.IS_DEFAULT, false)
            .set(Environment.IS_PROTECTED, false)
            .set(Environment.STATUS, "active")
            .set(Environment.CREATED_BY, "test")
            .set(Environment.CREATED_AT, created)
            .set(Environment.UPDATED_AT, created)
            .execute();
        dsl.insertInto(EnvironmentDatabase.TABLE)
            .set(EnvironmentDatabase.ID, UUID.randomUUID())
            .set(EnvironmentDatabase.ENVIRONMENT_ID, id)
            .set(EnvironmentDatabase.DATABASE_NAME, "env_" + id.toString().replace("-", ""))
            .set(EnvironmentDatabase.DRIVER, server == null ? "sqlite" : "postgres")
            .set(EnvironmentDatabase.SERVER_ID, server)
            .set(EnvironmentDatabase.REGION, "local")
            .set(EnvironmentDatabase.CREATED_AT, created)
            .set(EnvironmentDatabase.UPDATED_AT, created)
            .execute();
        environments.add(id);
        servers.put(id, server == null ? RolloutEngine.LOCAL_DISK : server.toString());
      }
    }

    String serverOf(UUID environment) {
      return servers.get(environment);
    }

    /** A rollout of the organization's environments, written as the API writes it. */
    UUID rollout(RolloutStrategy strategy) {
      RolloutSelector selector = new RolloutSelector(organization, null, null, null, null);
      return dsl.transactionResult(
              c ->
                  new RolloutPlanner(CLOCK)
                      .plan(c.dsl(), PACKAGE, VERSION, selector, strategy, "user:test"))
          .id();
    }
  }

  private static UUID server() {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    dsl.insertInto(DatabaseServer.TABLE)
        .set(DatabaseServer.ID, id)
        .set(DatabaseServer.DRIVER, "postgres")
        .set(DatabaseServer.NAME, "pg-" + id)
        .set(DatabaseServer.REGION, "local")
        .set(DatabaseServer.ADMIN_URL, "jdbc:postgresql://localhost/postgres")
        .set(DatabaseServer.CREATED_AT, now)
        .set(DatabaseServer.UPDATED_AT, now)
        .execute();
    return id;
  }

  private static RolloutEngine engine(PackageInstaller installer) {
    return new RolloutEngine(dsl, AuditLogs.withClock(CLOCK), CLOCK, () -> installer, 16);
  }

  /** Runs waves as the task does, rescheduling while the rollout is running. */
  private static RolloutStatus runToEnd(RolloutEngine engine, UUID rollout) {
    for (int executions = 0; executions < 100; executions++) {
      RolloutStatus status = engine.runWave(rollout);
      if (status != RolloutStatus.RUNNING) {
        return status;
      }
    }
    throw new AssertionError("rollout " + rollout + " did not end within 100 executions");
  }

  private static void resume(UUID rollout) {
    dsl.transaction(c -> RolloutTransitions.resume(c.dsl(), rollout, CLOCK));
  }

  private static void assertUntouched(UUID rollout, List<UUID> environments) {
    assertThat(
            dsl.select(RolloutTarget.ENVIRONMENT_ID)
                .from(RolloutTarget.TABLE)
                .where(RolloutTarget.ROLLOUT_ID.eq(rollout))
                .and(RolloutTarget.ENVIRONMENT_ID.in(environments))
                .and(RolloutTarget.STATUS.eq(RolloutTargetStatus.PENDING.sqlValue()))
                .and(RolloutTarget.ATTEMPTS.eq(0))
                .and(RolloutTarget.STARTED_AT.isNull())
                .fetch(RolloutTarget.ENVIRONMENT_ID))
        .as("never started")
        .containsExactlyInAnyOrderElementsOf(environments);
  }

  private static Map<String, Integer> statuses(UUID rollout) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    dsl.select(RolloutTarget.STATUS, DSL.count())
        .from(RolloutTarget.TABLE)
        .where(RolloutTarget.ROLLOUT_ID.eq(rollout))
        .groupBy(RolloutTarget.STATUS)
        .forEach(row -> counts.put(row.value1(), row.value2()));
    return counts;
  }

  private static String status(UUID rollout, UUID environment) {
    return target(rollout, environment).get(RolloutTarget.STATUS);
  }

  private static int attempts(UUID rollout, UUID environment) {
    return target(rollout, environment).get(RolloutTarget.ATTEMPTS);
  }

  private static int wave(UUID rollout, UUID environment) {
    return target(rollout, environment).get(RolloutTarget.WAVE);
  }

  private static org.jooq.Record target(UUID rollout, UUID environment) {
    return dsl.selectFrom(RolloutTarget.TABLE)
        .where(RolloutTarget.ROLLOUT_ID.eq(rollout))
        .and(RolloutTarget.ENVIRONMENT_ID.eq(environment))
        .fetchSingle();
  }

  private static int waves(UUID rollout) {
    return dsl.select(Rollout.WAVES)
        .from(Rollout.TABLE)
        .where(Rollout.ID.eq(rollout))
        .fetchOne(Rollout.WAVES);
  }

  private static int currentWave(UUID rollout) {
    return dsl.select(Rollout.CURRENT_WAVE)
        .from(Rollout.TABLE)
        .where(Rollout.ID.eq(rollout))
        .fetchOne(Rollout.CURRENT_WAVE);
  }

  private static String pauseReason(UUID rollout) {
    return dsl.select(Rollout.PAUSE_REASON)
        .from(Rollout.TABLE)
        .where(Rollout.ID.eq(rollout))
        .fetchOne(Rollout.PAUSE_REASON);
  }

  private static List<UUID> firstErrors(UUID rollout) {
    return dsl.select(RolloutTarget.ENVIRONMENT_ID)
        .from(RolloutTarget.TABLE)
        .where(RolloutTarget.ROLLOUT_ID.eq(rollout))
        .and(RolloutTarget.STATUS.eq("failed"))
        .orderBy(RolloutTarget.FINISHED_AT)
        .fetch(RolloutTarget.ENVIRONMENT_ID);
  }

  private static List<String> audited(UUID rollout) {
    return dsl.select(AuditEvent.ACTION)
        .from(AuditEvent.TABLE)
        .where(AuditEvent.RESOURCE_ID.eq(rollout))
        .orderBy(AuditEvent.OCCURRED_AT)
        .fetch(AuditEvent.ACTION);
  }
}
