package io.envprov.controlplane.kms;

import io.envprov.controlplane.config.ControlPlaneProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key manager: the local key file under the data directory unless another is declared. */
@Configuration(proxyBeanMethods = false)
class KmsConfiguration {

  @Bean
  @ConditionalOnMissingBean
  KeyManagement keyManagement(ControlPlaneProperties properties) {
    return LocalKeyFile.open(properties.dataDir().resolve("kms").resolve("local-master.key"));
  }
}
