package io.envprov.driver.sqlite;

import io.envprov.driver.spi.DriverException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns what SQLite, Flyway and the file system throw into {@link DriverException}s. Only lock
 * conflicts are transient: another connection holds the file and a retry may find it free. Messages
 * name the database and the cause; SQLite never sees a secret, so no cause can carry one.
 */
final class SqliteErrors {

  /** SQLite's primary result codes for "busy" and "locked" (the low byte of extended codes). */
  private static final int SQLITE_BUSY = 5;

  private static final int SQLITE_LOCKED = 6;

  private SqliteErrors() {}

  /** A failure of {@code action} (e.g. "provision") on the named database. */
  static DriverException failure(String action, String databaseName, Exception cause) {
    String message =
        "could not " + action + " sqlite database " + databaseName + ": " + describe(cause);
    return isLockConflict(cause)
        ? DriverException.transientFailure(message, cause)
        : DriverException.permanent(message, cause);
  }

  /** A permanent failure with no exception behind it. */
  static DriverException permanent(String action, String databaseName, String reason) {
    return DriverException.permanent(
        "could not " + action + " sqlite database " + databaseName + ": " + reason, null);
  }

  /** Whether SQLite reported a lock held by another connection anywhere in the cause chain. */
  static boolean isLockConflict(@Nullable Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLiteException sqlite) {
        SQLiteErrorCode code = sqlite.getResultCode();
        if (code.name().startsWith("SQLITE_BUSY") || code.name().startsWith("SQLITE_LOCKED")) {
          return true;
        }
      } else if (cause instanceof SQLException sql) {
        int primary = sql.getErrorCode() & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
          return true;
        }
      }
    }
    return false;
  }

  // Flyway's messages span many lines and wrap the SQLite error that explains them: show the first
  // line of both.
  private static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String described = firstLine(cause);
    return root == cause ? described : described + " (caused by " + firstLine(root) + ")";
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName();
    }
    return error.getClass().getSimpleName() + ": " + message.strip().lines().findFirst().orElse("");
  }
}
