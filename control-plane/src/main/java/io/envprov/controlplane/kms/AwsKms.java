package io.envprov.controlplane.kms;

import java.security.MessageDigest;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUnavailableException;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/**
 * AWS KMS through the AWS SDK v2: GenerateDataKey (AES_256) for new data keys, Decrypt (naming the
 * key) to unwrap, Encrypt to wrap a data key under another key. Data keys record the key ARN KMS
 * names in its answers, whatever form (id, alias) the configuration uses.
 *
 * <p>Calls fail fast: a connect timeout, a time limit per call with the SDK's retries included, and
 * few attempts. An outage (unreachable, timed out, throttled, KMS internal errors, an unavailable
 * key store) is a {@link KeyManagementException#unavailable() unavailable} failure; anything else
 * KMS answers (unknown or disabled key, altered ciphertext, denied access) is a refusal. Messages
 * name the key and the KMS error code, never key material.
 */
public final class AwsKms implements KeyManagement, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AwsKms.class);
  private static final SdkBytes PROBE = SdkBytes.fromByteArray(new byte[] {0});

  private final KmsClient client;
  private final String keyId;

  /** Wraps a client built elsewhere; this closes it. */
  public AwsKms(KmsClient client, String keyId) {
    this.client = client;
    this.keyId = keyId;
  }

  /** A client configured by {@code properties} ({@code provider=aws}). */
  public static AwsKms create(KmsProperties properties) {
    String keyId = properties.keyId();
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("controlplane.kms.key-id is required for AWS KMS");
    }
    KmsClientBuilder builder =
        KmsClient.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(properties.connectTimeout())
                    .socketTimeout(properties.callTimeout())
                    .build())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallTimeout(properties.callTimeout())
                    .retryStrategy(retry -> retry.maxAttempts(properties.maxAttempts()))
                    .build())
            .credentialsProvider(credentials(properties));
    if (properties.region() != null && !properties.region().isBlank()) {
      builder.region(Region.of(properties.region()));
    }
    if (properties.endpoint() != null) {
      builder.endpointOverride(properties.endpoint());
    }
    log.info(
        "sealing secrets with AWS KMS key {}{}",
        keyId,
        properties.endpoint() == null ? "" : " at " + properties.endpoint());
    return new AwsKms(builder.build(), keyId);
  }

  private static AwsCredentialsProvider credentials(KmsProperties properties) {
    if (properties.accessKeyId() != null && properties.secretAccessKey() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(properties.accessKeyId(), properties.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public String keyId() {
    return keyId;
  }

  /**
   * Proves the configured key can do its job, so that a wrong key stops the service at start
   * instead of failing its first rotation: {@code DescribeKey} finds it enabled with usage {@code
   * ENCRYPT_DECRYPT}, and a data key made under it ({@code GenerateDataKey}) opens again ({@code
   * Decrypt}) to the same bytes.
   *
   * @return the key's ARN
   * @throws KeyManagementException naming the key and what is wrong with it (never key material)
   */
  public String verifyUsable() {
    DescribeKeyResponse described =
        call("DescribeKey", keyId, () -> client.describeKey(r -> r.keyId(keyId)));
    KeyMetadata metadata = described.keyMetadata();
    if (metadata == null) {
      throw new KeyManagementException("AWS KMS DescribeKey of " + keyId + " named no key", null);
    }
    if (!Boolean.TRUE.equals(metadata.enabled()) || metadata.keyState() != KeyState.ENABLED) {
      throw new KeyManagementException(
          "AWS KMS key "
              + keyId
              + " ("
              + metadata.arn()
              + ") is not enabled: its state is "
              + metadata.keyStateAsString(),
          null);
    }
    if (metadata.keyUsage() != KeyUsageType.ENCRYPT_DECRYPT) {
      throw new KeyManagementException(
          "AWS KMS key "
              + keyId
              + " ("
              + metadata.arn()
              + ") has usage "
              + metadata.keyUsageAsString()
              + ", not ENCRYPT_DECRYPT",
          null);
    }
    DataKey probe = generateDataKey();
    byte[] opened = decryptDataKey(probe.keyId(), probe.wrapped());
    if (!MessageDigest.isEqual(opened, probe.plaintext())) {
      throw new KeyManagementException(
          "AWS KMS key " + keyId + " decrypted a test data key to other bytes", null);
    }
    return metadata.arn();
  }

  @Override
  public DataKey generateDataKey() {
    GenerateDataKeyResponse response =
        call(
            "GenerateDataKey",
            keyId,
            () -> client.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)));
    return new DataKey(
        response.plaintext().asByteArray(),
        response.ciphertextBlob().asByteArray(),
        response.keyId());
  }

  @Override
  public byte[] decryptDataKey(String keyId, byte[] wrapped) {
    return call(
            "Decrypt",
            keyId,
            () ->
                client.decrypt(
                    r -> r.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArrayUnsafe(wrapped))))
        .plaintext()
        .asByteArray();
  }

  @Override
  public byte[] wrapDataKey(String keyId, byte[] plaintext) {
    return encrypt(keyId, SdkBytes.fromByteArrayUnsafe(plaintext)).ciphertextBlob().asByteArray();
  }

  /** The key ARN KMS names when it encrypts under {@code keyIdOrAlias}. */
  @Override
  public String resolveKeyId(String keyIdOrAlias) {
    return encrypt(keyIdOrAlias, PROBE).keyId();
  }

  private EncryptResponse encrypt(String keyId, SdkBytes plaintext) {
    return call("Encrypt", keyId, () -> client.encrypt(r -> r.keyId(keyId).plaintext(plaintext)));
  }

  private static <T> T call(String operation, String keyId, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(operation, keyId, e);
    }
  }

  /** An outage or a refusal; the message names the operation, key and KMS error code only. */
  static KeyManagementException translate(String operation, String keyId, SdkException e) {
    if (e instanceof SdkClientException) {
      // no answer from KMS: connection refused or reset, timed out, DNS, no credentials found
      return KeyManagementException.unavailable(
          "AWS KMS " + operation + " under " + keyId + " got no answer: " + e.getClass().getName(),
          e);
    }
    if (e instanceof KmsException kms) {
      String code = kms.awsErrorDetails() == null ? "unknown" : kms.awsErrorDetails().errorCode();
      String message = "AWS KMS " + operation + " under " + keyId + " failed: " + code;
      if (kms instanceof KmsInternalException
          || kms instanceof DependencyTimeoutException
          || kms instanceof KeyUnavailableException
          || kms.isThrottlingException()
          || kms.statusCode() >= 500) {
        return KeyManagementException.unavailable(message, e);
      }
      return new KeyManagementException(message, e);
    }
    return KeyManagementException.unavailable(
        "AWS KMS " + operation + " under " + keyId + " failed: " + e.getClass().getName(), e);
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "AwsKms[keyId=" + keyId + "]";
  }
}
