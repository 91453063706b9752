package io.envprov.libsql.hrana;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * A failure reported by a Hrana server or met on the way to it, as a {@link SQLException}: the
 * SQLState classifies it, {@link #hranaCode()} carries the server's code (e.g. {@code
 * SQLITE_CONSTRAINT}, {@code SQL_PARSE_ERROR}, {@code STREAM_EXPIRED}) and {@link #httpStatus()}
 * the HTTP status when the whole request failed. Messages never carry the token.
 */
public class HranaException extends SQLException {

  private final @Nullable String hranaCode;
  private final int httpStatus;

  public HranaException(
      String message,
      String sqlState,
      @Nullable String hranaCode,
      int httpStatus,
      @Nullable Throwable cause) {
    super(
        hranaCode == null ? message : message + " [" + hranaCode + "]",
        sqlState,
        vendorCode(hranaCode),
        cause);
    this.hranaCode = hranaCode;
    this.httpStatus = httpStatus;
  }

  /** An error result of one request in a pipeline (HTTP 200, per-statement error). */
  public static HranaException ofStatement(String message, @Nullable String code) {
    return new HranaException(message, sqlState(code), code, 200, null);
  }

  /** A failure of the whole HTTP request. */
  public static HranaException ofHttp(int status, String message, @Nullable String code) {
    String state =
        switch (status) {
          case 401, 403 -> "28000";
          case 404 -> "08001";
          default -> code != null && code.startsWith("STREAM_") ? "08003" : "08006";
        };
    return new HranaException("HTTP " + status + ": " + message, state, code, status, null);
  }

  /** The server could not be reached. */
  public static HranaException ofIo(String message, Throwable cause) {
    return new HranaException(message, "08006", null, 0, cause);
  }

  /** The Hrana error code, when the server sent one. */
  public @Nullable String hranaCode() {
    return hranaCode;
  }

  /**
   * The HTTP status of a failed request; 200 for a statement error; 0 when nothing was answered.
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The SQLState of a Hrana code: 23000 for constraints, 42000 for SQL that cannot be parsed, 22023
   * for bad arguments, 40001 for busy or timed-out transactions, 25006 for writes refused, HY000
   * otherwise.
   */
  static String sqlState(@Nullable String code) {
    if (code == null) {
      return "HY000";
    }
    if (code.startsWith("SQLITE_CONSTRAINT")) {
      return "23000";
    }
    return switch (code) {
      case "SQL_PARSE_ERROR", "SQL_INPUT_ERROR", "SQL_NO_STATEMENT", "SQL_MANY_STATEMENTS" ->
          "42000";
      case "ARGS_INVALID", "ARGS_BOTH_POSITIONAL_AND_NAMED", "SQLITE_RANGE", "SQLITE_MISMATCH" ->
          "22023";
      case "SQLITE_BUSY", "SQLITE_LOCKED", "TRANSACTION_TIMEOUT", "TRANSACTION_BUSY" -> "40001";
      case "SQLITE_READONLY", "BLOCKED" -> "25006";
      case "SQLITE_AUTH", "SQLITE_PERM" -> "28000";
      default -> "HY000";
    };
  }

  private static int vendorCode(@Nullable String code) {
    if (code == null) {
      return 0;
    }
    if (code.startsWith("SQLITE_CONSTRAINT")) {
      return 19;
    }
    return switch (code) {
      case "SQLITE_BUSY" -> 5;
      case "SQLITE_LOCKED" -> 6;
      case "SQLITE_READONLY" -> 8;
      case "SQLITE_AUTH" -> 23;
      default -> 1;
    };
  }
}
