package io.envprov.provisioner.packages;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.jspecify.annotations.Nullable;

/**
 * Turning what JDBC and Flyway throw into {@link PackageException}s whose message names what failed
 * and the database's own error, on one line, and nothing else: no URL, no credential.
 */
final class Failures {

  private static final int MAX_MESSAGE = 600;

  private Failures() {}

  /**
   * Whether the failure is the connection's, or the database's being busy, so that a retry may
   * succeed: SQLState class 08 and its JDBC types, PostgreSQL shutting down or starting ({@code
   * 57P01..57P03}), SQLite's {@code SQLITE_BUSY} and {@code SQLITE_LOCKED} (a writer held the file
   * past the busy timeout).
   */
  static boolean isConnectionFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof SQLRecoverableException) {
        return true;
      }
      if (cause instanceof SQLException sql && transientState(sql)) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static boolean transientState(SQLException failure) {
    String state = failure.getSQLState();
    if (state != null && (state.startsWith("08") || state.matches("57P0[123]"))) {
      return true;
    }
    String message = String.valueOf(failure.getMessage());
    return (failure.getErrorCode() == 5 && message.contains("SQLITE_BUSY"))
        || (failure.getErrorCode() == 6 && message.contains("SQLITE_LOCKED"));
  }

  static PackageException unreachable(String what, Throwable failure) {
    return new PackageException(
        PackageException.Reason.UNREACHABLE, what + ": " + reason(failure), failure);
  }

  /**
   * The message of a failed migration: {@code crm 1.1.0: migration 3 (add phone) failed: ERROR:
   * ...}.
   */
  static String migrationFailed(PackageVersion target, Throwable failure) {
    MigrationInfo migration = failedMigration(failure);
    String which =
        migration == null || migration.getVersion() == null
            ? "migrating"
            : "migration "
                + migration.getVersion().getVersion()
                + " ("
                + migration.getDescription()
                + ") failed";
    return oneLine(target.name() + " " + target.version() + ": " + which + ": " + reason(failure));
  }

  /** The message of a failed migration the runner ran itself. */
  static String migrationFailed(PackageVersion target, Migration migration, Throwable failure) {
    return oneLine(
        target.name()
            + " "
            + target.version()
            + ": migration "
            + migration.version()
            + " ("
            + MemoryMigrations.recordedDescription(migration)
            + ") failed: "
            + reason(failure));
  }

  /** The database's own error (the deepest SQLException's message), else the failure's message. */
  static String reason(Throwable failure) {
    String message = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException && cause.getMessage() != null) {
        message = cause.getMessage();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    if (message == null) {
      message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }
    return oneLine(message);
  }

  private static @Nullable MigrationInfo failedMigration(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof FlywayMigrateException migrate && migrate.getMigration() != null) {
        return migrate.getMigration();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String oneLine(String message) {
    String line = message.replaceAll("\\s+", " ").trim();
    return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line;
  }
}
