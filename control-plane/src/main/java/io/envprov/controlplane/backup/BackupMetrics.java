package io.envprov.controlplane.backup;

import io.envprov.controlplane.domain.BackupOrigin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The backups' meters: {@code envprov.backups} (taken, by {@code outcome}, {@code origin} and
 * {@code driver}), {@code envprov.backups.sealed} (sealed bytes per backup, by driver), {@code
 * envprov.backups.duration} (from claim to outcome, by outcome and driver) and {@code
 * envprov.backups.pruned} (removed by retention).
 */
@Component
class BackupMetrics {

  private final MeterRegistry meters;
  private final Counter pruned;

  BackupMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.pruned =
        Counter.builder("envprov.backups.pruned")
            .description("Backups deleted by retention")
            .register(meters);
  }

  void succeeded(BackupOrigin origin, String driver, long sealedBytes, Duration took) {
    taken("succeeded", origin, driver, took);
    DistributionSummary.builder("envprov.backups.sealed")
        .description("Size of each sealed backup")
        .baseUnit("bytes")
        .tag("driver", driver)
        .register(meters)
        .record(sealedBytes);
  }

  void failed(BackupOrigin origin, String driver, Duration took) {
    taken("failed", origin, driver, took);
  }

  void pruned() {
    pruned.increment();
  }

  private void taken(String outcome, BackupOrigin origin, String driver, Duration took) {
    Counter.builder("envprov.backups")
        .description("Backups that ended, by outcome")
        .tag("outcome", outcome)
        .tag("origin", origin.sqlValue())
        .tag("driver", driver)
        .register(meters)
        .increment();
    Timer.builder("envprov.backups.duration")
        .description("Time to take and seal a backup")
        .tag("outcome", outcome)
        .tag("driver", driver)
        .register(meters)
        .record(took);
  }
}
