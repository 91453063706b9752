package io.envprov.controlplane.credential;

import io.envprov.controlplane.domain.EnvType;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long credentials live and how they are rotated ({@code controlplane.credentials.*}).
 *
 * @param defaultTtl lifetime of a credential when neither the request nor its environment type says
 *     otherwise
 * @param ttlByEnvType lifetime per environment type ({@code default}, {@code sandbox}, {@code
 *     development}, {@code production}, {@code trial})
 * @param maxTtl the longest lifetime a request may ask for
 * @param rotationWindow a credential is rotated once its expiry is this close
 * @param rotationGrace how long a replaced credential keeps working after its replacement exists
 * @param rotationInterval how often the rotation sweep runs
 * @param rotationBatch credentials claimed by one sweep
 * @param rotationConcurrency credentials rotated at once by one sweep
 * @param rotationsPerSecondPerServer the most rotations one database server is asked for per second
 * @param retryBackoff the first wait after a failed rotation; it doubles per failure, with jitter
 * @param maxRetryBackoff the longest wait after a failed rotation
 */
@ConfigurationProperties("controlplane.credentials")
public record CredentialProperties(
    @DefaultValue("30d") Duration defaultTtl,
    @DefaultValue Map<String, Duration> ttlByEnvType,
    @DefaultValue("365d") Duration maxTtl,
    @DefaultValue("7d") Duration rotationWindow,
    @DefaultValue("15m") Duration rotationGrace,
    @DefaultValue("30s") Duration rotationInterval,
    @DefaultValue("500") int rotationBatch,
    @DefaultValue("4") int rotationConcurrency,
    @DefaultValue("50") int rotationsPerSecondPerServer,
    @DefaultValue("30s") Duration retryBackoff,
    @DefaultValue("1h") Duration maxRetryBackoff) {

  /**
   * The lifetime of a new credential in an environment of this type: the configured one for the
   * type, else the type's own ({@link EnvType#credentialTtl()}), else {@link #defaultTtl}.
   */
  public Duration ttlFor(EnvType envType) {
    Duration configured = ttlByEnvType.get(envType.sqlValue());
    return configured != null ? configured : envType.credentialTtl().orElse(defaultTtl);
  }
}
