package io.envprov.controlplane.environment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What happens to deleted environments ({@code controlplane.environments.*}).
 *
 * @param recoveryWindow how long a deleted {@code active} or {@code suspended} environment keeps
 *     its database and can be recovered ({@code POST /v1/environments/{id}/recover}); zero drops
 *     the database at once, as a delete did before the window existed
 * @param purgeInterval how often deleted environments past their window are purged (and leftover
 *     logins of deleted environments revoked)
 * @param purgeBatch environments purged by one transaction of the purge
 */
@ConfigurationProperties("controlplane.environments")
public record EnvironmentProperties(
    @DefaultValue("7d") Duration recoveryWindow,
    @DefaultValue("1m") Duration purgeInterval,
    @DefaultValue("50") int purgeBatch) {

  public EnvironmentProperties {
    if (recoveryWindow.isNegative()) {
      throw new IllegalArgumentException(
          "controlplane.environments.recovery-window must not be negative");
    }
    if (purgeBatch < 1) {
      throw new IllegalArgumentException("controlplane.environments.purge-batch must be positive");
    }
  }

  /** Whether a delete keeps the database for a while (else it drops it at once). */
  public boolean keepsDeleted() {
    return !recoveryWindow.isZero();
  }
}
