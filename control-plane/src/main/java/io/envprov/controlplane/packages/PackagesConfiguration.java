package io.envprov.controlplane.packages;

import io.envprov.provisioner.packages.PackageMigrator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runner that applies packages inside environment databases. */
@Configuration(proxyBeanMethods = false)
class PackagesConfiguration {

  @Bean
  PackageMigrator packageMigrator() {
    return new PackageMigrator(PackagesConfiguration.class.getClassLoader());
  }
}
