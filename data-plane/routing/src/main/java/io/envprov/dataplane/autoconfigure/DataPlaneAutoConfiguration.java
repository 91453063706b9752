package io.envprov.dataplane.autoconfigure;

import io.envprov.dataplane.credentials.ConnectionBroker;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.HttpConnectionBroker;
import io.envprov.dataplane.jdbc.RoutingDataSource;
import io.envprov.dataplane.r2dbc.RoutingConnectionFactory;
import io.envprov.dataplane.session.ControlPlaneDiscovery;
import io.envprov.dataplane.session.PolledSessionRevocations;
import io.envprov.dataplane.session.SessionRevocations;
import io.envprov.dataplane.session.SessionTokenVerifier;
import io.envprov.dataplane.web.SessionTokenServletFilter;
import io.envprov.dataplane.web.SessionTokenWebFilter;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The data plane for a Spring Boot application: a routing {@link DataSource} (every JDBC driver), a
 * routing R2DBC {@code ConnectionFactory} when r2dbc-postgresql and r2dbc-pool are present, and the
 * session-token filter of the application's web stack. Each bean yields to one the application
 * defines. Fails at start when {@code dataplane.control-plane-url} or {@code
 * dataplane.service-token} is missing.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration"
    })
@EnableConfigurationProperties(DataPlaneProperties.class)
public class DataPlaneAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock dataPlaneClock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  ConnectionBroker dataPlaneConnectionBroker(DataPlaneProperties properties) {
    return new HttpConnectionBroker(
        properties.requiredControlPlaneUrl(),
        properties.requiredServiceToken(),
        properties.getBrokerTimeout());
  }

  @Bean
  @ConditionalOnMissingBean
  CredentialStore dataPlaneCredentialStore(
      ConnectionBroker broker, DataPlaneProperties properties, Clock clock) {
    return new CredentialStore(broker, properties.getCredentials().toSettings(), clock);
  }

  /**
   * The control plane's metadata, read at start-up so that a configured issuer the control plane
   * does not use is reported then. A control plane that is down does not stop the application: the
   * metadata is read later, on first use or by the revocation poller, and tokens are refused until
   * then (they could not be verified anyway: the keys live there too).
   */
  @Bean
  @ConditionalOnMissingBean
  ControlPlaneDiscovery dataPlaneControlPlaneDiscovery(
      DataPlaneProperties properties, Clock clock) {
    ControlPlaneDiscovery discovery =
        new ControlPlaneDiscovery(
            properties.requiredControlPlaneUrl(),
            properties.configuredIssuer(),
            properties.getBrokerTimeout(),
            properties.getDiscoveryRetryInterval(),
            clock);
    discovery.current();
    return discovery;
  }

  @Bean
  @ConditionalOnMissingBean
  SessionRevocations dataPlaneSessionRevocations(
      DataPlaneProperties properties, ControlPlaneDiscovery discovery) {
    Duration interval = properties.getSessionRevocationInterval();
    if (interval.isZero()) {
      return SessionRevocations.NONE;
    }
    return new PolledSessionRevocations(
        discovery, properties.requiredServiceToken(), interval, properties.getBrokerTimeout());
  }

  @Bean
  @ConditionalOnMissingBean
  SessionTokenVerifier dataPlaneSessionTokenVerifier(
      ControlPlaneDiscovery discovery,
      DataPlaneProperties properties,
      Clock clock,
      SessionRevocations revocations) {
    return new SessionTokenVerifier(discovery, properties.getJwksCacheTtl(), clock, revocations);
  }

  @Bean
  @ConditionalOnMissingBean(DataSource.class)
  RoutingDataSource dataPlaneRoutingDataSource(
      CredentialStore credentials, DataPlaneProperties properties) {
    return new RoutingDataSource(
        credentials, properties.getScope(), properties.getPool().toSettings());
  }

  /** R2DBC routing, for PostgreSQL environments. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {"io.r2dbc.pool.ConnectionPool", "io.r2dbc.postgresql.PostgresqlConnectionFactory"})
  static class R2dbcRouting {

    @Bean
    @ConditionalOnMissingBean(io.r2dbc.spi.ConnectionFactory.class)
    RoutingConnectionFactory dataPlaneRoutingConnectionFactory(
        CredentialStore credentials, DataPlaneProperties properties) {
      return new RoutingConnectionFactory(
          credentials, properties.getScope(), properties.getPool().toSettings());
    }
  }

  /** Servlet applications: the session token binds the request thread. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  static class ServletBinding {

    @Bean
    @ConditionalOnMissingBean
    SessionTokenServletFilter dataPlaneSessionTokenServletFilter(SessionTokenVerifier verifier) {
      return new SessionTokenServletFilter(verifier);
    }
  }

  /** WebFlux applications: the session token binds the Reactor context. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
  static class ReactiveBinding {

    @Bean
    @ConditionalOnMissingBean
    SessionTokenWebFilter dataPlaneSessionTokenWebFilter(SessionTokenVerifier verifier) {
      return new SessionTokenWebFilter(verifier);
    }
  }
}
