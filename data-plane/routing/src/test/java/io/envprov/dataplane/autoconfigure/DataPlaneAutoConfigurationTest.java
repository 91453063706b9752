package io.envprov.dataplane.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.dataplane.jdbc.RoutingDataSource;
import io.envprov.dataplane.r2dbc.RoutingConnectionFactory;
import io.envprov.dataplane.web.SessionTokenWebFilter;
import io.envprov.driver.spi.CredentialScope;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sqlite.SQLiteDataSource;

class DataPlaneAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DataPlaneAutoConfiguration.class));

  @Test
  void
      configuredWithAControlPlaneAndServiceTokenItProvidesTheRoutingDataSourceAndConnectionFactory() {
    runner
        .withPropertyValues(
            "dataplane.control-plane-url=http://localhost:8080",
            "dataplane.service-token=svc",
            "dataplane.scope=readonly",
            "dataplane.pool.max-pools=7")
        .run(
            context -> {
              assertThat(context).hasSingleBean(RoutingDataSource.class);
              assertThat(context).hasSingleBean(RoutingConnectionFactory.class);
              assertThat(context.getBean(RoutingDataSource.class).scope())
                  .isEqualTo(CredentialScope.READONLY);
              assertThat(context.getBean(DataPlaneProperties.class).getPool().getMaxPools())
                  .isEqualTo(7);
            });
  }

  @Test
  void withoutAControlPlaneUrlTheApplicationFailsToStartAndSaysWhichPropertyIsMissing() {
    runner
        .withPropertyValues("dataplane.service-token=svc")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("dataplane.control-plane-url must be set"));
  }

  @Test
  void withoutAServiceTokenTheApplicationFailsToStart() {
    runner
        .withPropertyValues("dataplane.control-plane-url=http://localhost:8080")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("dataplane.service-token must be set"));
  }

  @Test
  void aDataSourceTheApplicationDefinesWins() {
    runner
        .withPropertyValues(
            "dataplane.control-plane-url=http://localhost:8080", "dataplane.service-token=svc")
        .withUserConfiguration(OwnDataSource.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(DataSource.class);
              assertThat(context).doesNotHaveBean(RoutingDataSource.class);
            });
  }

  @Test
  void aWebFluxApplicationGetsTheSessionTokenWebFilter() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataPlaneAutoConfiguration.class))
        .withPropertyValues(
            "dataplane.control-plane-url=http://localhost:8080", "dataplane.service-token=svc")
        .run(context -> assertThat(context).hasSingleBean(SessionTokenWebFilter.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnDataSource {
    @Bean
    DataSource ownDataSource() {
      return new SQLiteDataSource();
    }
  }
}
