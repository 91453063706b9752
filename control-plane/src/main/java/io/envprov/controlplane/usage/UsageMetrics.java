package io.envprov.controlplane.usage;

import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.provisioner.DriverCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The usage meters: {@code envprov.usage.bytes} (gauge, by driver: the last measured size of the
 * live databases), {@code envprov.usage.over_quota} (gauge: environments over their storage limit),
 * {@code envprov.usage.collections} and {@code envprov.usage.failures} (counters: runs of the
 * collector, databases it failed to measure). The gauges read the store, not this replica's memory,
 * so every replica reports the same whichever ran the collection; a read is reused for {@link
 * #GAUGE_TTL}.
 */
@Component
class UsageMetrics {

  static final Duration GAUGE_TTL = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(UsageMetrics.class);

  private static final List<String> MEASURED =
      Arrays.stream(EnvironmentStatus.values())
          .filter(EnvironmentStatus::measured)
          .map(EnvironmentStatus::sqlValue)
          .toList();

  private final DSLContext dsl;
  private final Counter collections;
  private final Counter failures;

  private volatile Snapshot snapshot = new Snapshot(Map.of(), 0, 0L);

  /** The gauges' values as last read, and when ({@link System#nanoTime()}). */
  private record Snapshot(Map<String, Long> bytesByDriver, long overQuota, long readAt) {}

  UsageMetrics(DSLContext dsl, DriverCatalog drivers, MeterRegistry meters) {
    this.dsl = dsl;
    this.collections = Counter.builder("envprov.usage.collections").register(meters);
    this.failures = Counter.builder("envprov.usage.failures").register(meters);
    for (String driver : drivers.names()) {
      Gauge.builder(
              "envprov.usage.bytes", this, m -> m.current().bytesByDriver.getOrDefault(driver, 0L))
          .tag("driver", driver)
          .baseUnit("bytes")
          .register(meters);
    }
    Gauge.builder("envprov.usage.over_quota", this, m -> m.current().overQuota).register(meters);
  }

  /** A collection ended: counted, and the gauges are read again on their next scrape. */
  void collected(UsageCollector.Result result) {
    collections.increment();
    snapshot = new Snapshot(snapshot.bytesByDriver, snapshot.overQuota, 0L);
  }

  /** A database could not be measured. */
  void failed() {
    failures.increment();
  }

  private Snapshot current() {
    Snapshot last = snapshot;
    if (last.readAt != 0L && System.nanoTime() - last.readAt < GAUGE_TTL.toNanos()) {
      return last;
    }
    try {
      Map<String, Long> bytes =
          dsl
              .select(
                  EnvironmentDatabase.DRIVER, DSL.sum(EnvironmentDatabase.SIZE_BYTES).as("bytes"))
              .from(EnvironmentDatabase.TABLE)
              .join(Environment.TABLE)
              .on(Environment.ID.eq(EnvironmentDatabase.ENVIRONMENT_ID))
              .where(Environment.STATUS.in(MEASURED))
              .groupBy(EnvironmentDatabase.DRIVER)
              .fetch()
              .stream()
              .collect(
                  Collectors.toMap(
                      row -> row.value1(),
                      row -> row.value2() == null ? 0L : row.value2().longValue()));
      long over =
          dsl.fetchCount(
              Environment.TABLE,
              Environment.STATUS.in(MEASURED).and(Environment.OVER_QUOTA.isTrue()));
      Snapshot read = new Snapshot(bytes, over, System.nanoTime());
      snapshot = read;
      return read;
    } catch (RuntimeException e) {
      log.warn("usage gauges not read from the store: {}", e.getMessage());
      return last;
    }
  }
}
