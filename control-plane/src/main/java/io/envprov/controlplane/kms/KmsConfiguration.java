package io.envprov.controlplane.kms;

import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.config.StartupRefused;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key manager ({@code controlplane.kms.*}): the local key ring under the data directory by
 * default, AWS KMS with {@code provider=aws}; a declared {@link KeyManagement} bean replaces both.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KmsProperties.class)
class KmsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(KmsConfiguration.class);

  /**
   * Closed on shutdown (the AWS client) through its inferred {@code close()} method. A key that
   * does not exist or cannot be used stops the start: fail closed, rather than a 500 on the first
   * secret sealed or rotated.
   */
  @Bean
  @ConditionalOnMissingBean
  KeyManagement keyManagement(KmsProperties kms, ControlPlaneProperties properties) {
    if (KmsProperties.AWS.equals(kms.provider())) {
      return verified(AwsKms.create(kms));
    }
    Path dir = kms.localDir(properties.dataDir());
    try {
      return LocalKeyRing.open(dir, kms.localKeyName());
    } catch (RuntimeException e) {
      throw new StartupRefused(
          "the local KMS key "
              + kms.localKeyName()
              + " in "
              + dir.toAbsolutePath()
              + " cannot be used: "
              + e.getMessage(),
          "Restore the key file from a backup (it must hold one base64 256-bit key and be"
              + " readable by the service), or point controlplane.kms.local-dir at the right"
              + " directory. Do not delete it: secrets sealed under it would be lost.");
    }
  }

  private static AwsKms verified(AwsKms aws) {
    try {
      String arn = aws.verifyUsable();
      log.info("AWS KMS key {} ({}) is enabled and wraps and unwraps data keys", aws.keyId(), arn);
      return aws;
    } catch (KeyManagementException e) {
      aws.close();
      throw new StartupRefused(
          "controlplane.kms.key-id "
              + aws.keyId()
              + " cannot be used"
              + (e.unavailable() ? " (AWS KMS did not answer)" : "")
              + ": "
              + e.getMessage(),
          "Set controlplane.kms.key-id to an enabled symmetric ENCRYPT_DECRYPT key (id, ARN or"
              + " alias) that this service's credentials may DescribeKey, GenerateDataKey and"
              + " Decrypt with, in the configured region.");
    }
  }
}
