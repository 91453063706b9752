package io.envprov.dataplane.r2dbc;

import io.envprov.dataplane.DataPlaneException;
import io.envprov.dataplane.credentials.ConnectionFacts;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The unpooled source of one PostgreSQL environment's R2DBC connections, under its pool: each new
 * connection uses the current credential; a rejected credential is fetched again once.
 */
final class CredentialedPostgresConnectionFactory implements ConnectionFactory {

  private final PoolKey key;
  private final CredentialStore credentials;
  private final Duration connectTimeout;
  private final AtomicReference<@Nullable Connector> connector = new AtomicReference<>();

  CredentialedPostgresConnectionFactory(
      PoolKey key, CredentialStore credentials, Duration connectTimeout) {
    this.key = key;
    this.credentials = credentials;
    this.connectTimeout = connectTimeout;
  }

  @Override
  public Mono<Connection> create() {
    return Mono.fromFuture(() -> credentials.currentAsync(key))
        .flatMap(
            facts ->
                connect(facts)
                    .onErrorResume(
                        CredentialedPostgresConnectionFactory::isAuthenticationFailure,
                        rejected ->
                            Mono.fromFuture(
                                    () -> credentials.refetchAsync(key, facts.credentialId()))
                                .flatMap(
                                    fresh ->
                                        connect(fresh)
                                            .onErrorMap(
                                                R2dbcException.class, e -> redacted(fresh, e)))));
  }

  private Mono<Connection> connect(ConnectionFacts facts) {
    if (!"postgres".equals(facts.driver())) {
      return Mono.error(
          new DataPlaneException(
              "R2DBC routing supports PostgreSQL environments only; environment "
                  + key
                  + " uses driver "
                  + facts.driver()
                  + " (use the routing DataSource)"));
    }
    return Mono.from(connectorFor(facts).factory().create()).cast(Connection.class);
  }

  private Connector connectorFor(ConnectionFacts facts) {
    Connector current = connector.get();
    if (current != null && current.credentialId().equals(facts.credentialId())) {
      return current;
    }
    PostgresJdbcUrl url = PostgresJdbcUrl.parse(facts.jdbcUrl());
    PostgresqlConnectionConfiguration.Builder configuration =
        PostgresqlConnectionConfiguration.builder()
            .host(url.host())
            .port(url.port())
            .database(url.database())
            .username(facts.username())
            .password(facts.secret())
            .connectTimeout(connectTimeout);
    String schema = url.parameters().get("currentSchema");
    if (schema != null) {
      configuration.schema(schema);
    }
    Connector fresh =
        new Connector(facts.credentialId(), new PostgresqlConnectionFactory(configuration.build()));
    connector.set(fresh);
    return fresh;
  }

  private static boolean isAuthenticationFailure(Throwable e) {
    return e instanceof R2dbcException r2dbc
        && r2dbc.getSqlState() != null
        && r2dbc.getSqlState().startsWith("28");
  }

  private R2dbcException redacted(ConnectionFacts facts, R2dbcException e) {
    String message =
        "Environment "
            + key
            + " (credential "
            + facts.credentialId()
            + "): "
            + (isAuthenticationFailure(e)
                ? "the credential was rejected again after fetching it anew: "
                : "cannot connect: ")
            + facts.redact(e.getMessage());
    return new R2dbcPermissionDeniedException(message, e.getSqlState(), e.getErrorCode());
  }

  @Override
  public ConnectionFactoryMetadata getMetadata() {
    return PostgresMetadata.INSTANCE;
  }

  private record Connector(String credentialId, PostgresqlConnectionFactory factory) {}
}
