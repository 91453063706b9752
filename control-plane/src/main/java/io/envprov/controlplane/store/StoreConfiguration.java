package io.envprov.controlplane.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.envprov.controlplane.config.ControlPlaneProperties;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The control-plane store: an external PostgreSQL when {@code controlplane.database.url} is set,
 * otherwise an embedded one under the data directory. Flyway migrates it on start. The HTTP API
 * reads and writes it through jOOQ over JDBC on a bounded pool of threads (the core), the
 * provisioning worker and db-scheduler through the same transaction-aware DataSource.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  static {
    // jOOQ prints a banner and a tip of the day on first use unless told not to.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  @Bean(destroyMethod = "close")
  @Nullable EmbeddedStore embeddedStore(ControlPlaneProperties properties) {
    ControlPlaneProperties.Database database = properties.database();
    if (!database.isEmbedded()) {
      return null;
    }
    return EmbeddedStore.start(properties.dataDir().resolve("postgres"), database.embeddedPort());
  }

  @Bean
  StoreConnection storeConnection(
      ControlPlaneProperties properties, ObjectProvider<EmbeddedStore> embedded) {
    ControlPlaneProperties.Database database = properties.database();
    EmbeddedStore store = embedded.getIfAvailable();
    if (store != null) {
      return store.connection();
    }
    return new StoreConnection(
        database.url(),
        database.username() == null ? "postgres" : database.username(),
        database.password());
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(StoreConnection connection, ControlPlaneProperties properties) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("control-plane-jdbc");
    config.setJdbcUrl(connection.jdbcUrl());
    config.setUsername(connection.username());
    config.setPassword(connection.password());
    config.setMaximumPoolSize(properties.database().poolSize());
    config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    return new HikariDataSource(config);
  }

  @Bean
  Flyway flyway(DataSource dataSource) {
    Flyway flyway =
        Flyway.configure().dataSource(dataSource).locations("classpath:db/control-plane").load();
    flyway.migrate();
    return flyway;
  }

  @Bean
  DataSourceTransactionManager transactionManager(HikariDataSource dataSource) {
    return new DataSourceTransactionManager(dataSource);
  }

  /**
   * The store's DataSource as seen by jOOQ and db-scheduler: inside a transaction it hands out the
   * transaction's connection.
   */
  @Bean
  TransactionAwareDataSourceProxy transactionalDataSource(HikariDataSource dataSource) {
    return new TransactionAwareDataSourceProxy(dataSource);
  }

  /**
   * The one jOOQ context of the control plane: JDBC, transactions through Spring ({@code
   * dsl.transactionResult(trx -> ...)}; a call inside a transaction joins it).
   */
  @Bean
  @Primary
  DSLContext dsl(
      TransactionAwareDataSourceProxy transactionalDataSource,
      DataSourceTransactionManager transactionManager,
      Flyway migrated) {
    return DSL.using(
        new DefaultConfiguration()
            .set(new DataSourceConnectionProvider(transactionalDataSource))
            .set(new SpringTransactions(transactionManager))
            .set(SQLDialect.POSTGRES)
            .set(settings()));
  }

  private static Settings settings() {
    return new Settings()
        .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
        .withExecuteLogging(false);
  }
}
