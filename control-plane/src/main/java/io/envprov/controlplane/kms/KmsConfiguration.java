package io.envprov.controlplane.kms;

import io.envprov.controlplane.config.ControlPlaneProperties;
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

  /** Closed on shutdown (the AWS client) through its inferred {@code close()} method. */
  @Bean
  @ConditionalOnMissingBean
  KeyManagement keyManagement(KmsProperties kms, ControlPlaneProperties properties) {
    if (KmsProperties.AWS.equals(kms.provider())) {
      return AwsKms.create(kms);
    }
    return LocalKeyRing.open(kms.localDir(properties.dataDir()), kms.localKeyName());
  }
}
