package io.envprov.driver.postgres;

import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import java.time.Duration;
import java.util.Locale;

/**
 * The driver's settings ({@code controlplane.drivers.postgres.*}), all optional.
 *
 * @param connectTimeout {@code connectTimeoutSeconds}: opening a connection, authentication
 *     included (default 10)
 * @param socketTimeout {@code socketTimeoutSeconds}: how long one statement may keep the socket
 *     silent (default 600; copying a large database is one long statement)
 * @param healthTimeout {@code healthTimeoutSeconds}: connect and {@code SELECT 1} of a health check
 *     (default 5)
 * @param lockTimeout {@code lockTimeoutSeconds}: waiting for another call on the same database,
 *     from this or another provisioner (default 120)
 * @param baselineStrategy {@code baselineStrategy}: {@code template} (default) copies a
 *     per-baseline template database, {@code flyway} runs Flyway in every new database
 * @param adminPoolSize {@code adminPoolSize}: admin connections kept open per server between calls
 *     (default 8); a call finding them all in use waits for one up to {@code lockTimeoutSeconds}
 * @param createStrategy {@code createStrategy}: how PostgreSQL 15 and later copy the template into
 *     a new database, {@code wal_log} (default) or {@code file_copy}; older servers have only the
 *     latter and ignore the setting
 */
record PostgresSettings(
    Duration connectTimeout,
    Duration socketTimeout,
    Duration healthTimeout,
    Duration lockTimeout,
    BaselineStrategy baselineStrategy,
    int adminPoolSize,
    CreateStrategy createStrategy) {

  static final String CONNECT_TIMEOUT = "connectTimeoutSeconds";
  static final String SOCKET_TIMEOUT = "socketTimeoutSeconds";
  static final String HEALTH_TIMEOUT = "healthTimeoutSeconds";
  static final String LOCK_TIMEOUT = "lockTimeoutSeconds";
  static final String BASELINE_STRATEGY = "baselineStrategy";
  static final String ADMIN_POOL_SIZE = "adminPoolSize";
  static final String CREATE_STRATEGY = "createStrategy";

  /** {@code CREATE DATABASE ... STRATEGY}, PostgreSQL 15 and later. */
  enum CreateStrategy {
    /** Block by block through the WAL: no checkpoint, cost grows with the template's size. */
    WAL_LOG,
    /** File by file, with a checkpoint before and after. */
    FILE_COPY
  }

  /** How a new database receives its baseline. */
  enum BaselineStrategy {
    /** {@code CREATE DATABASE ... TEMPLATE} of a database the baseline was applied to once. */
    TEMPLATE,
    /** {@code CREATE DATABASE} from {@code template1}, then Flyway. */
    FLYWAY
  }

  static PostgresSettings defaults() {
    return new PostgresSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(600),
        Duration.ofSeconds(5),
        Duration.ofSeconds(120),
        BaselineStrategy.TEMPLATE,
        8,
        CreateStrategy.WAL_LOG);
  }

  /**
   * Reads the settings.
   *
   * @throws DriverException naming the setting that is unusable
   */
  static PostgresSettings from(DriverContext context) {
    PostgresSettings defaults = defaults();
    return new PostgresSettings(
        seconds(context, CONNECT_TIMEOUT, defaults.connectTimeout()),
        seconds(context, SOCKET_TIMEOUT, defaults.socketTimeout()),
        seconds(context, HEALTH_TIMEOUT, defaults.healthTimeout()),
        seconds(context, LOCK_TIMEOUT, defaults.lockTimeout()),
        strategy(context, defaults.baselineStrategy()),
        poolSize(context, defaults.adminPoolSize()),
        createStrategy(context, defaults.createStrategy()));
  }

  PostgresSettings withBaselineStrategy(BaselineStrategy strategy) {
    return new PostgresSettings(
        connectTimeout,
        socketTimeout,
        healthTimeout,
        lockTimeout,
        strategy,
        adminPoolSize,
        createStrategy);
  }

  PostgresSettings withCreateStrategy(CreateStrategy strategy) {
    return new PostgresSettings(
        connectTimeout,
        socketTimeout,
        healthTimeout,
        lockTimeout,
        baselineStrategy,
        adminPoolSize,
        strategy);
  }

  PostgresSettings withAdminPoolSize(int size) {
    return new PostgresSettings(
        connectTimeout,
        socketTimeout,
        healthTimeout,
        lockTimeout,
        baselineStrategy,
        size,
        createStrategy);
  }

  private static CreateStrategy createStrategy(DriverContext context, CreateStrategy fallback) {
    String value = context.property(CREATE_STRATEGY, fallback.name());
    try {
      return CreateStrategy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw DriverException.permanent(
          "setting '"
              + CREATE_STRATEGY
              + "' of driver '"
              + PostgresDriverProvider.NAME
              + "' must be 'wal_log' or 'file_copy', not: "
              + value,
          e);
    }
  }

  private static int poolSize(DriverContext context, int fallback) {
    String value = context.property(ADMIN_POOL_SIZE, Integer.toString(fallback));
    try {
      int size = Integer.parseInt(value.trim());
      if (size < 1 || size > 1000) {
        throw new NumberFormatException("out of range");
      }
      return size;
    } catch (NumberFormatException e) {
      throw DriverException.permanent(
          "setting '"
              + ADMIN_POOL_SIZE
              + "' of driver '"
              + PostgresDriverProvider.NAME
              + "' must be a whole number from 1 to 1000, not: "
              + value,
          e);
    }
  }

  private static Duration seconds(DriverContext context, String key, Duration fallback) {
    String value = context.property(key, Long.toString(fallback.toSeconds()));
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds < 1 || seconds > Integer.MAX_VALUE) {
        throw new NumberFormatException("out of range");
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw DriverException.permanent(
          "setting '"
              + key
              + "' of driver '"
              + PostgresDriverProvider.NAME
              + "' must be a whole number of seconds of at least 1, not: "
              + value,
          e);
    }
  }

  private static BaselineStrategy strategy(DriverContext context, BaselineStrategy fallback) {
    String value = context.property(BASELINE_STRATEGY, fallback.name());
    try {
      return BaselineStrategy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw DriverException.permanent(
          "setting '"
              + BASELINE_STRATEGY
              + "' of driver '"
              + PostgresDriverProvider.NAME
              + "' must be 'template' or 'flyway', not: "
              + value,
          e);
    }
  }
}
