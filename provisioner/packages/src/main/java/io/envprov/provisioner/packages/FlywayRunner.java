package io.envprov.provisioner.packages;

import java.sql.Connection;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.plugin.PluginRegister;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Runs Flyway for one package over one open connection, with the migrations from memory.
 *
 * <p>What each install pays for Flyway is kept to what shapes the work: the configuration is built
 * with plain setters, and the plugins Flyway discovers through {@link java.util.ServiceLoader} are
 * discovered once per runner (Flyway copies them into each run) instead of once per run; its class
 * loader finds no resources ({@link ResourcelessClassLoader}); on PostgreSQL it locks with a
 * session advisory lock on the one connection instead of opening a second one for a transactional
 * lock.
 */
final class FlywayRunner {

  private static final int INSTALLED_BY_LENGTH = 100;

  private final ClassLoader classLoader;
  private final PluginRegister plugins;

  FlywayRunner(ClassLoader classLoader) {
    this.classLoader = new ResourcelessClassLoader(classLoader);
    this.plugins = new PluginRegister();
    PostgreSQLConfigurationExtension postgres =
        plugins.getExact(PostgreSQLConfigurationExtension.class);
    if (postgres != null) {
      // Flyway then runs on one connection (useSingleConnection()), the one the runner shares.
      postgres.setTransactionalLock(false);
    }
  }

  /**
   * Applies what the history table lacks of {@code migrations}, all in one transaction where the
   * dialect allows it, and returns the versions Flyway ran (as Flyway writes them).
   *
   * @throws org.flywaydb.core.api.FlywayException when a migration fails (rolled back where the
   *     dialect allows it) or the database cannot be used
   */
  List<String> migrate(
      Connection connection,
      Dialect dialect,
      String table,
      MemoryMigrations migrations,
      String installedBy) {
    ClassicConfiguration configuration = new ClassicConfiguration(classLoader);
    configuration.setDataSource(new SharedConnection(connection));
    configuration.setTable(table);
    configuration.setResourceProvider(migrations);
    configuration.setJavaMigrationClassProvider(migrations);
    // All pending migrations in one transaction: all-or-nothing on PostgreSQL and SQLite.
    configuration.setGroup(true);
    // SQLite cannot run some statements in a transaction (PRAGMA foreign_keys, needed to rebuild a
    // table); such a group then runs without one, and a failure leaves a failed row (drift).
    configuration.setMixed(dialect == Dialect.SQLITE);
    // The runner checks the history against the catalog itself, just before, on this connection.
    configuration.setValidateOnMigrate(false);
    // A later package version may add a migration below one already applied: run it.
    configuration.setOutOfOrder(true);
    configuration.setCleanDisabled(true);
    configuration.setBaselineOnMigrate(false);
    configuration.setPlaceholderReplacement(false);
    configuration.setSkipDefaultCallbacks(true);
    configuration.setShouldCreateSchemas(false);
    configuration.setConnectRetries(0);
    configuration.setFailOnMissingLocations(false);
    configuration.setInstalledBy(
        installedBy.length() > INSTALLED_BY_LENGTH
            ? installedBy.substring(0, INSTALLED_BY_LENGTH)
            : installedBy);
    if (dialect == Dialect.POSTGRES) {
      configuration.setSchemas(new String[] {"public"});
    }
    configuration.setPluginRegister(plugins);
    MigrateResult result = new Flyway(configuration).migrate();
    return result.migrations.stream().map(output -> output.version).toList();
  }
}
