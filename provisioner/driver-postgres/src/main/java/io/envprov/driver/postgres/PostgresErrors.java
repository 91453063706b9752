package io.envprov.driver.postgres;

import io.envprov.driver.spi.DriverException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns what PgJDBC and Flyway throw into {@link DriverException}s.
 *
 * <p>Transient (a retry may succeed): connection failures (SQLState class {@code 08}, or an I/O
 * error with no state), serialization failures ({@code 40001}), deadlocks ({@code 40P01}), lock
 * timeouts ({@code 55P03}), an object in use ({@code 55006}: a database another session is still
 * connected to), insufficient resources (class {@code 53}, e.g. too many connections), a statement
 * timeout ({@code 57014}) and a server shutting down or starting ({@code 57P01}..{@code 57P05}).
 * Everything else, authentication failures included, is permanent.
 *
 * <p>Messages name the action, the database and the server, never a secret: known secrets are
 * masked wherever they appear, and so are {@code password=} URL parameters and {@code PASSWORD
 * '...'} clauses.
 */
final class PostgresErrors {

  private static final Set<String> TRANSIENT_STATES =
      Set.of("40001", "40P01", "55P03", "55006", "57014");

  private static final Pattern PASSWORD_CLAUSE =
      Pattern.compile("(?i)(PASSWORD\\s+)(E?'(?:[^']|'')*')");

  private PostgresErrors() {}

  /** A failure of {@code action} (e.g. "provision") on the named database. */
  static DriverException failure(
      String action,
      String database,
      @Nullable String serverId,
      Throwable cause,
      Collection<String> secrets) {
    String message =
        "could not "
            + action
            + " postgres database "
            + database
            + where(serverId)
            + ": "
            + redact(describe(cause), secrets);
    return isTransient(cause)
        ? DriverException.transientFailure(message, scrubbed(cause, secrets))
        : DriverException.permanent(message, scrubbed(cause, secrets));
  }

  /** A permanent failure with no exception behind it. */
  static DriverException permanent(
      String action, String database, @Nullable String serverId, String reason) {
    return DriverException.permanent(
        "could not " + action + " postgres database " + database + where(serverId) + ": " + reason,
        null);
  }

  /** A failure of a client program ({@code pg_dump}, {@code pg_restore}, {@code psql}). */
  static DriverException program(
      String action, String database, @Nullable String serverId, ClientProcess.Failure failure) {
    String message =
        "could not "
            + action
            + " postgres database "
            + database
            + where(serverId)
            + ": "
            + failure.reason();
    return failure.transientFailure()
        ? DriverException.transientFailure(message, null)
        : DriverException.permanent(message, null);
  }

  /** Whether a retry may succeed, judged by the first SQLState in the cause chain. */
  static boolean isTransient(@Nullable Throwable error) {
    boolean sawIo = false;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return isTransientState(sql.getSQLState());
      }
      if (cause instanceof SQLTransientException) {
        return true;
      }
      if (cause instanceof IOException) {
        sawIo = true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return sawIo;
  }

  /** Whether an SQLState names a condition a retry may clear. */
  static boolean isTransientState(String state) {
    return state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57P")
        || TRANSIENT_STATES.contains(state);
  }

  /** The SQLState of the first SQLException in the chain that has one. */
  static @Nullable String sqlState(@Nullable Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** The text with every secret, password parameter and PASSWORD clause masked. */
  static String redact(String text, Collection<String> secrets) {
    String masked = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        masked = masked.replace(secret, "***");
      }
    }
    masked = PASSWORD_CLAUSE.matcher(masked).replaceAll("$1***");
    return PostgresUrl.redact(masked);
  }

  private static String where(@Nullable String serverId) {
    return serverId == null ? "" : " on server " + serverId;
  }

  // Flyway's messages span many lines and wrap the SQL error that explains them: show the first
  // line of both.
  private static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String described = firstLine(cause);
    return root == cause ? described : described + " (caused by " + firstLine(root) + ")";
  }

  private static String firstLine(Throwable error) {
    String state =
        error instanceof SQLException sql && sql.getSQLState() != null
            ? " [SQLState " + sql.getSQLState() + "]"
            : "";
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName() + state;
    }
    return error.getClass().getSimpleName()
        + state
        + ": "
        + message.strip().lines().findFirst().orElse("");
  }

  /**
   * The cause as it may travel with the exception: itself when no secret shows anywhere in its
   * chain, otherwise a stand-in carrying only the redacted text (a stack trace printed by a logger
   * must not leak what the message hides).
   */
  private static Throwable scrubbed(Throwable cause, Collection<String> secrets) {
    for (Throwable link = cause; link != null; link = link.getCause()) {
      String message = link.getMessage();
      if (message != null && !redact(message, secrets).equals(message)) {
        SQLException standIn = new SQLException(redact(describe(cause), secrets), sqlState(cause));
        standIn.setStackTrace(cause.getStackTrace());
        return standIn;
      }
      if (link.getCause() == link) {
        break;
      }
    }
    return cause;
  }
}
