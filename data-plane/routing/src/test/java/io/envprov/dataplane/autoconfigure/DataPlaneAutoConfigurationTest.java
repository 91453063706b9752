package io.envprov.dataplane.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.dataplane.jdbc.RoutingDataSource;
import io.envprov.dataplane.r2dbc.RoutingConnectionFactory;
import io.envprov.dataplane.session.SessionTokenVerifier;
import io.envprov.dataplane.testing.ControlPlaneDouble;
import io.envprov.dataplane.web.SessionTokenWebFilter;
import io.envprov.driver.spi.CredentialScope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sqlite.SQLiteDataSource;

@ExtendWith(OutputCaptureExtension.class)
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

  @Test
  void aConfiguredIssuerTheControlPlaneDoesNotPublishIsReportedAtStartUp(CapturedOutput output) {
    try (ControlPlaneDouble controlPlane = ControlPlaneDouble.start()) {
      controlPlane.useIssuer("http://localhost:8080");
      runner
          .withPropertyValues(
              "dataplane.control-plane-url=" + controlPlane.url(),
              "dataplane.service-token=svc",
              "dataplane.session-revocation-interval=0",
              "dataplane.token-issuer=" + controlPlane.url())
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(
                        output.getAll().lines().filter(l -> l.contains("dataplane.token-issuer")))
                    .singleElement()
                    .asString()
                    .contains("ERROR")
                    .contains("publishes issuer 'http://localhost:8080'");
              });
    }
  }

  @Test
  void givenOnlyTheUrlItAcceptsTheTokensOfAControlPlaneWhosePublicUrlDiffers() {
    try (ControlPlaneDouble controlPlane = ControlPlaneDouble.start()) {
      controlPlane.useIssuer("http://localhost:8080");
      runner
          .withPropertyValues(
              "dataplane.control-plane-url=" + controlPlane.url(),
              "dataplane.service-token=svc",
              "dataplane.session-revocation-interval=0")
          .run(
              context -> {
                UUID user = UUID.randomUUID();
                assertThat(
                        context
                            .getBean(SessionTokenVerifier.class)
                            .verify(controlPlane.sessionToken(user, null))
                            .userId())
                    .isEqualTo(user);
              });
    }
  }

  @Test
  void aControlPlaneThatIsDownDoesNotStopTheApplicationFromStarting(CapturedOutput output)
      throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    runner
        .withPropertyValues(
            "dataplane.control-plane-url=http://127.0.0.1:" + port, "dataplane.service-token=svc")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(output.getAll()).contains("cannot read the control plane's configuration");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnDataSource {
    @Bean
    DataSource ownDataSource() {
      return new SQLiteDataSource();
    }
  }
}
