package io.envprov.controlplane.usage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the usage of environment databases is measured ({@code controlplane.usage.*}).
 *
 * @param interval how often the collector measures every live environment database
 * @param batch databases measured, then recorded in one transaction, at a time
 * @param accessWriteInterval {@code last_accessed_at} is written at most this often per database
 */
@ConfigurationProperties("controlplane.usage")
public record UsageProperties(
    @DefaultValue("5m") Duration interval,
    @DefaultValue("200") int batch,
    @DefaultValue("1m") Duration accessWriteInterval) {

  public UsageProperties {
    if (batch < 1) {
      throw new IllegalArgumentException("controlplane.usage.batch must be positive");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("controlplane.usage.interval must be positive");
    }
  }
}
