package io.envprov.controlplane.usage;

import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.environment.DatabaseView;
import io.envprov.controlplane.environment.EnvironmentRepository;
import io.envprov.controlplane.environment.EnvironmentView;
import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.UnsupportedCapabilityException;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.ServerGuards;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Measures the size of every live environment database ({@link EnvironmentStatus#measured()})
 * through its driver ({@code DatabaseDriver.sizeBytes}) and records it ({@code
 * environment_database.size_bytes}, {@code size_measured_at}), batch by batch, then settles each
 * measured environment's {@code over_quota} ({@link StorageQuota}). Drivers that cannot measure are
 * skipped; a database that fails to answer is counted and skipped, and once a server fails
 * transiently the rest of its databases wait for the next collection, so one failing server neither
 * stops nor stalls the others. Blocking.
 */
@Component
public class UsageCollector {

  private static final Logger log = LoggerFactory.getLogger(UsageCollector.class);

  private static final List<String> MEASURED =
      Arrays.stream(EnvironmentStatus.values())
          .filter(EnvironmentStatus::measured)
          .map(EnvironmentStatus::sqlValue)
          .toList();

  private final DSLContext dsl;
  private final DriverCatalog drivers;
  private final ServerDirectory servers;
  private final ServerGuards guards;
  private final StorageQuota quota;
  private final EnvironmentRepository environments;
  private final UsageMetrics metrics;
  private final UsageProperties properties;
  private final Clock clock;

  UsageCollector(
      DSLContext dsl,
      DriverCatalog drivers,
      ServerDirectory servers,
      ServerGuards guards,
      StorageQuota quota,
      EnvironmentRepository environments,
      UsageMetrics metrics,
      UsageProperties properties,
      Clock clock) {
    this.dsl = dsl;
    this.drivers = drivers;
    this.servers = servers;
    this.guards = guards;
    this.quota = quota;
    this.environments = environments;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  /** What one collection did. */
  public record Result(int measured, int skipped, int failed) {}

  /** One database to measure. */
  private record Target(
      UUID databaseId,
      UUID environmentId,
      String driver,
      String databaseName,
      @Nullable UUID serverId) {}

  /** A size just measured. */
  private record Measurement(UUID databaseId, UUID environmentId, long sizeBytes) {}

  /** What measuring one database came to. */
  private sealed interface Outcome {}

  private record Sized(Measurement measurement) implements Outcome {}

  /** The driver cannot measure (not an error: skipped). */
  private record Unsupported() implements Outcome {}

  /** The measurement failed; {@code serverFailing} when the server itself looks down. */
  private record Failed(boolean serverFailing) implements Outcome {}

  /** Measures every live environment database once. */
  public Result collect() {
    int measured = 0;
    int skipped = 0;
    int failed = 0;
    Set<UUID> failingServers = new HashSet<>();
    Map<UUID, Optional<ServerTarget>> serverTargets = new HashMap<>();
    UUID after = null;
    while (true) {
      List<Target> batch = batch(after);
      List<Measurement> sizes = new ArrayList<>(batch.size());
      for (Target target : batch) {
        if (target.serverId() != null && failingServers.contains(target.serverId())) {
          failed++;
          continue;
        }
        Outcome outcome = measure(target, serverTargets);
        if (outcome instanceof Sized sized) {
          sizes.add(sized.measurement());
        } else if (outcome instanceof Failed failure) {
          failed++;
          if (failure.serverFailing() && target.serverId() != null) {
            failingServers.add(target.serverId());
          }
        } else {
          skipped++;
        }
      }
      record(sizes);
      measured += sizes.size();
      if (batch.size() < properties.batch()) {
        break;
      }
      after = batch.get(batch.size() - 1).databaseId();
    }
    Result result = new Result(measured, skipped, failed);
    metrics.collected(result);
    if (failed > 0) {
      log.warn(
          "usage collection: {} databases measured, {} skipped (driver cannot measure), {} failed",
          measured,
          skipped,
          failed);
    } else {
      log.debug("usage collection: {} databases measured, {} skipped", measured, skipped);
    }
    return result;
  }

  /**
   * Measures one environment's database now (on demand) and returns it as recorded.
   *
   * @throws ApiException 409 {@code invalid_state} when its database is not settled, 409 {@code
   *     not_supported} when its driver cannot measure, 503 {@code service_unavailable} when the
   *     measurement fails
   */
  public DatabaseView refresh(UUID environmentId) {
    EnvironmentView environment =
        environments
            .find(environmentId)
            .orElseThrow(() -> ApiException.notFound("environment", environmentId));
    DatabaseView database = environment.database();
    if (database == null || !environment.status().measured()) {
      throw ApiException.invalidState(
          "the database of an environment that is "
              + environment.status().sqlValue()
              + " is not measured");
    }
    Target target =
        new Target(
            database.id(),
            environmentId,
            database.driver(),
            database.databaseName(),
            database.serverId());
    Outcome outcome = measure(target, new HashMap<>());
    if (outcome instanceof Unsupported) {
      throw new ApiException(
          ErrorCode.NOT_SUPPORTED,
          "driver " + database.driver() + " cannot measure a database's size");
    }
    if (!(outcome instanceof Sized sized)) {
      throw new ApiException(
          ErrorCode.SERVICE_UNAVAILABLE, "the database could not be measured now; retry later");
    }
    record(List.of(sized.measurement()));
    return environments.find(environmentId).map(EnvironmentView::database).orElseThrow();
  }

  private List<Target> batch(@Nullable UUID after) {
    return dsl.select(
            EnvironmentDatabase.ID,
            EnvironmentDatabase.ENVIRONMENT_ID,
            EnvironmentDatabase.DRIVER,
            EnvironmentDatabase.DATABASE_NAME,
            EnvironmentDatabase.SERVER_ID)
        .from(EnvironmentDatabase.TABLE)
        .join(Environment.TABLE)
        .on(Environment.ID.eq(EnvironmentDatabase.ENVIRONMENT_ID))
        .where(Environment.STATUS.in(MEASURED))
        .and(after == null ? DSL.noCondition() : EnvironmentDatabase.ID.gt(after))
        .orderBy(EnvironmentDatabase.ID)
        .limit(properties.batch())
        .fetch(
            (Record row) ->
                new Target(
                    row.get(EnvironmentDatabase.ID),
                    row.get(EnvironmentDatabase.ENVIRONMENT_ID),
                    row.get(EnvironmentDatabase.DRIVER),
                    row.get(EnvironmentDatabase.DATABASE_NAME),
                    row.get(EnvironmentDatabase.SERVER_ID)));
  }

  private Outcome measure(Target target, Map<UUID, Optional<ServerTarget>> serverTargets) {
    if (!drivers.isAvailable(target.driver())) {
      return new Unsupported();
    }
    DatabaseDriver driver = drivers.driver(target.driver());
    try {
      ServerTarget server = null;
      if (target.serverId() != null) {
        server =
            serverTargets
                .computeIfAbsent(target.serverId(), servers::target)
                .orElseThrow(() -> DriverException.permanent("its server is not registered", null));
      }
      DatabaseRef database = new DatabaseRef(target.databaseName(), server);
      long size =
          guards.call(
              target.serverId() == null ? null : target.serverId().toString(),
              () -> driver.sizeBytes(database));
      return new Sized(new Measurement(target.databaseId(), target.environmentId(), size));
    } catch (UnsupportedCapabilityException e) {
      return new Unsupported();
    } catch (RuntimeException e) {
      metrics.failed();
      log.warn(
          "size of database {} (environment {}) not measured: {}",
          target.databaseName(),
          target.environmentId(),
          e.getMessage());
      return new Failed(e instanceof DriverException de && de.isTransient());
    }
  }

  /** Records the sizes and settles the quota of their environments, in one transaction. */
  private void record(List<Measurement> sizes) {
    if (sizes.isEmpty()) {
      return;
    }
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          OffsetDateTime now = Timestamps.now(clock);
          trx.batch(
                  sizes.stream()
                      .map(
                          m ->
                              trx.update(EnvironmentDatabase.TABLE)
                                  .set(EnvironmentDatabase.SIZE_BYTES, m.sizeBytes())
                                  .set(EnvironmentDatabase.SIZE_MEASURED_AT, now)
                                  .where(EnvironmentDatabase.ID.eq(m.databaseId())))
                      .toList())
              .execute();
          quota.settle(
              trx, sizes.stream().map(Measurement::environmentId).toList(), StorageQuota.ACTOR);
        });
  }
}
