package io.envprov.driver.postgres;

import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

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
 * @param clientBinDirectory {@code clientBinDirectory}, else the environment variable {@value
 *     #CLIENT_BIN_DIRECTORY_ENV}: the directory of the PostgreSQL client programs ({@code pg_dump},
 *     {@code pg_restore}, {@code psql}) that backups and restores run; null (default) looks for
 *     them on the {@code PATH} and in {@code /usr/lib/postgresql/<major>/bin} (see {@link
 *     PostgresClientTools})
 */
record PostgresSettings(
    Duration connectTimeout,
    Duration socketTimeout,
    Duration healthTimeout,
    Duration lockTimeout,
    BaselineStrategy baselineStrategy,
    int adminPoolSize,
    CreateStrategy createStrategy,
    @Nullable Path clientBinDirectory) {

  static final String CONNECT_TIMEOUT = "connectTimeoutSeconds";
  static final String SOCKET_TIMEOUT = "socketTimeoutSeconds";
  static final String HEALTH_TIMEOUT = "healthTimeoutSeconds";
  static final String LOCK_TIMEOUT = "lockTimeoutSeconds";
  static final String BASELINE_STRATEGY = "baselineStrategy";
  static final String ADMIN_POOL_SIZE = "adminPoolSize";
  static final String CREATE_STRATEGY = "createStrategy";
  static final String CLIENT_BIN_DIRECTORY = "clientBinDirectory";

  /** Where the client programs are when setting {@value #CLIENT_BIN_DIRECTORY} is not given. */
  static final String CLIENT_BIN_DIRECTORY_ENV = "ENVPROV_PG_BIN_DIR";

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

  /**
   * The default settings; the client programs' directory comes from the environment variable
   * {@value #CLIENT_BIN_DIRECTORY_ENV} when it is set.
   */
  static PostgresSettings defaults() {
    return new PostgresSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(600),
        Duration.ofSeconds(5),
        Duration.ofSeconds(120),
        BaselineStrategy.TEMPLATE,
        8,
        CreateStrategy.WAL_LOG,
        directory(System.getenv(CLIENT_BIN_DIRECTORY_ENV)));
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
        choice(context, BASELINE_STRATEGY, defaults.baselineStrategy()),
        (int) whole(context, ADMIN_POOL_SIZE, defaults.adminPoolSize(), 1000, "from 1 to 1000"),
        choice(context, CREATE_STRATEGY, defaults.createStrategy()),
        context.property(CLIENT_BIN_DIRECTORY, "").isBlank()
            ? defaults.clientBinDirectory()
            : directory(context.property(CLIENT_BIN_DIRECTORY, "")));
  }

  PostgresSettings withBaselineStrategy(BaselineStrategy strategy) {
    return with(strategy, adminPoolSize, createStrategy);
  }

  PostgresSettings withCreateStrategy(CreateStrategy strategy) {
    return with(baselineStrategy, adminPoolSize, strategy);
  }

  PostgresSettings withAdminPoolSize(int size) {
    return with(baselineStrategy, size, createStrategy);
  }

  /** These settings with the client programs taken from {@code directory} (null: looked for). */
  PostgresSettings withClientBinDirectory(@Nullable Path directory) {
    return new PostgresSettings(
        connectTimeout,
        socketTimeout,
        healthTimeout,
        lockTimeout,
        baselineStrategy,
        adminPoolSize,
        createStrategy,
        directory);
  }

  private PostgresSettings with(
      BaselineStrategy baselineStrategy, int adminPoolSize, CreateStrategy createStrategy) {
    return new PostgresSettings(
        connectTimeout,
        socketTimeout,
        healthTimeout,
        lockTimeout,
        baselineStrategy,
        adminPoolSize,
        createStrategy,
        clientBinDirectory);
  }

  private static @Nullable Path directory(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Path.of(value.trim());
    } catch (InvalidPathException e) {
      throw invalid(CLIENT_BIN_DIRECTORY, "must be a directory, not: " + value, e);
    }
  }

  private static Duration seconds(DriverContext context, String key, Duration fallback) {
    return Duration.ofSeconds(
        whole(context, key, fallback.toSeconds(), Integer.MAX_VALUE, "of seconds of at least 1"));
  }

  /** A whole number from 1 to {@code max}; {@code range} says which in the error. */
  private static long whole(
      DriverContext context, String key, long fallback, long max, String range) {
    String value = context.property(key, Long.toString(fallback));
    try {
      long number = Long.parseLong(value.trim());
      if (number < 1 || number > max) {
        throw new NumberFormatException("out of range");
      }
      return number;
    } catch (NumberFormatException e) {
      throw invalid(key, "must be a whole number " + range + ", not: " + value, e);
    }
  }

  /** One of {@code fallback}'s constants, named in any case. */
  private static <E extends Enum<E>> E choice(DriverContext context, String key, E fallback) {
    String value = context.property(key, fallback.name());
    Class<E> type = fallback.getDeclaringClass();
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String names =
          Arrays.stream(type.getEnumConstants())
              .map(constant -> "'" + constant.name().toLowerCase(Locale.ROOT) + "'")
              .collect(Collectors.joining(" or "));
      throw invalid(key, "must be " + names + ", not: " + value, e);
    }
  }

  private static DriverException invalid(String key, String problem, Exception cause) {
    return DriverException.permanent(
        "setting '" + key + "' of driver '" + PostgresDriverProvider.NAME + "' " + problem, cause);
  }
}
