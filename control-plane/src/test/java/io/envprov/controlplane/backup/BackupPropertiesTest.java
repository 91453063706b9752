package io.envprov.controlplane.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.domain.EnvType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule by environment type: its defaults, what configuration changes, the backoff. */
class BackupPropertiesTest {

  private static BackupProperties with(Map<String, BackupProperties.Schedule> schedule) {
    return new BackupProperties(null, schedule, Duration.ofMinutes(5), Duration.ofMinutes(1), 100);
  }

  @Test
  void by_default_production_is_daily_kept_a_month_and_trial_has_none() {
    BackupProperties defaults = with(Map.of());

    assertThat(defaults.scheduleOf(EnvType.PRODUCTION))
        .contains(new BackupProperties.Schedule(Duration.ofDays(1), Duration.ofDays(30)));
    assertThat(defaults.scheduleOf(EnvType.DEVELOPMENT))
        .contains(new BackupProperties.Schedule(Duration.ofDays(7), Duration.ofDays(7)));
    assertThat(defaults.scheduleOf(EnvType.SANDBOX))
        .contains(new BackupProperties.Schedule(Duration.ofDays(7), Duration.ofDays(7)));
    assertThat(defaults.scheduleOf(EnvType.DEFAULT))
        .contains(new BackupProperties.Schedule(Duration.ofDays(1), Duration.ofDays(7)));
    assertThat(defaults.scheduleOf(EnvType.TRIAL)).isEmpty();
  }

  @Test
  void a_configured_field_replaces_the_default_and_the_other_stays() {
    BackupProperties configured =
        with(
            Map.of(
                "production", new BackupProperties.Schedule(null, Duration.ofDays(90)),
                "trial", new BackupProperties.Schedule(Duration.ofDays(1), null),
                "sandbox", new BackupProperties.Schedule(Duration.ZERO, null)));

    assertThat(configured.scheduleOf(EnvType.PRODUCTION))
        .contains(new BackupProperties.Schedule(Duration.ofDays(1), Duration.ofDays(90)));
    assertThat(configured.scheduleOf(EnvType.TRIAL))
        .contains(new BackupProperties.Schedule(Duration.ofDays(1), Duration.ofDays(7)));
    assertThat(configured.scheduleOf(EnvType.SANDBOX)).isEmpty();
  }

  @Test
  void an_unknown_type_or_a_retention_of_nothing_is_refused_at_start() {
    assertThatThrownBy(
            () -> with(Map.of("staging", new BackupProperties.Schedule(Duration.ofDays(1), null))))
        .hasMessageContaining("staging");
    assertThatThrownBy(
            () -> with(Map.of("production", new BackupProperties.Schedule(null, Duration.ZERO))))
        .hasMessageContaining("production.keep");
  }

  @Test
  void the_backoff_doubles_with_each_failure_up_to_the_interval() {
    BackupProperties properties = with(Map.of());
    Duration every = Duration.ofHours(1);

    assertThat(properties.backoff(1, every)).isEqualTo(Duration.ofMinutes(5));
    assertThat(properties.backoff(2, every)).isEqualTo(Duration.ofMinutes(10));
    assertThat(properties.backoff(4, every)).isEqualTo(Duration.ofMinutes(40));
    assertThat(properties.backoff(5, every)).isEqualTo(every);
    assertThat(properties.backoff(500, every)).isEqualTo(every);
  }
}
