package io.envprov.controlplane.kms;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code controlplane.kms.*}: which key manager seals secrets at rest.
 *
 * @param provider {@code local} (the embedded default: key files under {@code local-dir}, for
 *     development only) or {@code aws} (AWS KMS)
 * @param keyId the master key new data keys are wrapped under: for {@code aws} a key id, key ARN,
 *     alias ({@code alias/...}) or alias ARN (required); for {@code local} the key's name, a file
 *     {@code <name>.key} in {@code local-dir} (default {@value #DEFAULT_LOCAL_KEY})
 * @param region the AWS region; the SDK's default region chain when unset
 * @param endpoint an endpoint to use instead of the region's (a VPC endpoint, LocalStack, a test
 *     server)
 * @param accessKeyId a static AWS access key id; the SDK's default credentials chain when unset
 *     (environment, profile, container or instance role)
 * @param secretAccessKey the static secret access key that goes with {@code access-key-id} (never
 *     logged)
 * @param connectTimeout how long to wait for a connection to KMS
 * @param callTimeout how long one KMS call may take, retries included: an outage answers within it
 * @param maxAttempts attempts per KMS call, the first included (retries are limited so that an
 *     outage answers quickly)
 * @param localDir where local key files live; {@code <controlplane.data-dir>/kms} when unset
 */
@ConfigurationProperties("controlplane.kms")
public record KmsProperties(
    @DefaultValue(LOCAL) String provider,
    @Nullable String keyId,
    @Nullable String region,
    @Nullable URI endpoint,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("5s") Duration callTimeout,
    @DefaultValue("2") int maxAttempts,
    @Nullable Path localDir) {

  /** The embedded key manager. */
  public static final String LOCAL = "local";

  /** AWS KMS. */
  public static final String AWS = "aws";

  /** The local key's name when none is configured: the file {@code local-master.key}. */
  public static final String DEFAULT_LOCAL_KEY = "local-master";

  public KmsProperties {
    if (!LOCAL.equals(provider) && !AWS.equals(provider)) {
      throw new IllegalArgumentException(
          "controlplane.kms.provider must be 'local' or 'aws', not '" + provider + "'");
    }
    if (AWS.equals(provider) && (keyId == null || keyId.isBlank())) {
      throw new IllegalArgumentException(
          "controlplane.kms.key-id is required with the aws provider (a key id, ARN or alias/...)");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "controlplane.kms.access-key-id and secret-access-key go together");
    }
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || callTimeout.isNegative()
        || callTimeout.isZero()) {
      throw new IllegalArgumentException("controlplane.kms timeouts must be positive");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("controlplane.kms.max-attempts must be at least 1");
    }
  }

  /** The local key's name: {@code key-id}, or {@value #DEFAULT_LOCAL_KEY}. */
  public String localKeyName() {
    return keyId == null || keyId.isBlank() ? DEFAULT_LOCAL_KEY : keyId;
  }

  /** The local key directory: {@code local-dir}, or {@code kms} under the data directory. */
  public Path localDir(Path dataDir) {
    return localDir != null ? localDir : dataDir.resolve("kms");
  }

  @Override
  public String toString() {
    return "KmsProperties[provider="
        + provider
        + ", keyId="
        + keyId
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? null : "***")
        + ", connectTimeout="
        + connectTimeout
        + ", callTimeout="
        + callTimeout
        + ", maxAttempts="
        + maxAttempts
        + ", localDir="
        + localDir
        + "]";
  }
}
