package io.envprov.libsql.testserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits SQL text into statements and finds parameter positions the way SQLite does, without
 * executing anything: quotes ({@code '...'}, {@code "..."}, {@code `...`}, {@code [...]}),
 * comments, and the {@code BEGIN ... END} body of {@code CREATE TRIGGER} are respected.
 */
final class SqlScanner {

  private SqlScanner() {}

  /** The statements of the text, trimmed, without empty ones (a lone {@code ;} is no statement). */
  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    int n = sql.length();
    boolean meaningful = false;
    while (i < n) {
      char c = sql.charAt(i);
      int end = skipQuotedOrComment(sql, i);
      if (end > i) {
        if (!(c == '-' || c == '/')) {
          meaningful = true;
        }
        current.append(sql, i, end);
        i = end;
        continue;
      }
      if (c == ';') {
        String statement = current.toString().strip();
        if (isTrigger(statement) && !endsWithEnd(statement)) {
          current.append(c);
          i++;
          continue;
        }
        if (meaningful) {
          statements.add(statement);
        }
        current.setLength(0);
        meaningful = false;
        i++;
        continue;
      }
      if (!Character.isWhitespace(c)) {
        meaningful = true;
      }
      current.append(c);
      i++;
    }
    if (meaningful) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  /**
   * The parameter index of every named parameter ({@code :a}, {@code @a}, {@code $a}), numbered as
   * SQLite numbers them: {@code ?} takes the next index, {@code ?NNN} takes NNN, a name takes the
   * next index on first use and keeps it.
   */
  static Map<String, Integer> namedParameters(String sql) {
    Map<String, Integer> names = new LinkedHashMap<>();
    int max = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int end = skipQuotedOrComment(sql, i);
      if (end > i) {
        i = end;
        continue;
      }
      char c = sql.charAt(i);
      if (c == '?') {
        int j = i + 1;
        while (j < n && Character.isDigit(sql.charAt(j))) {
          j++;
        }
        max = j > i + 1 ? Math.max(max, Integer.parseInt(sql.substring(i + 1, j))) : max + 1;
        i = j;
      } else if ((c == ':' || c == '@' || c == '$') && i + 1 < n && isNameChar(sql.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && isNameChar(sql.charAt(j))) {
          j++;
        }
        String name = sql.substring(i, j);
        if (!names.containsKey(name)) {
          max++;
          names.put(name, max);
        }
        i = j;
      } else {
        i++;
      }
    }
    return names;
  }

  /**
   * Whether SQLite would only read with this statement (sqld's classification: PRAGMA counts as a
   * write).
   */
  static boolean isRead(String statement) {
    String upper = stripLeadingComments(statement).toUpperCase(Locale.ROOT);
    String keyword = upper.split("[^A-Z]", 2)[0];
    return switch (keyword) {
      case "SELECT", "EXPLAIN", "VALUES" -> true;
      case "WITH" -> !upper.matches("(?s).*\\b(INSERT|UPDATE|DELETE|REPLACE)\\b.*");
      case "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE" -> true;
      default -> false;
    };
  }

  /** Whether the statement starts or ends a transaction, or is a savepoint command. */
  static boolean isTransactionControl(String statement) {
    String keyword = stripLeadingComments(statement).toUpperCase(Locale.ROOT).split("[^A-Z]", 2)[0];
    return switch (keyword) {
      case "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE" -> true;
      default -> false;
    };
  }

  static String stripLeadingComments(String sql) {
    int i = 0;
    while (i < sql.length()) {
      if (Character.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else {
        break;
      }
    }
    return sql.substring(i);
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isTrigger(String statement) {
    return stripLeadingComments(statement)
        .toUpperCase(Locale.ROOT)
        .matches("(?s)^CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b.*");
  }

  private static boolean endsWithEnd(String statement) {
    return statement.toUpperCase(Locale.ROOT).matches("(?s).*\\bEND$");
  }

  /** The index after a quoted string or comment starting at {@code i}, or {@code i}. */
  private static int skipQuotedOrComment(String sql, int i) {
    char c = sql.charAt(i);
    int n = sql.length();
    if (c == '\'' || c == '"' || c == '`') {
      int j = i + 1;
      while (j < n) {
        if (sql.charAt(j) == c) {
          if (j + 1 < n && sql.charAt(j + 1) == c) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return n;
    }
    if (c == '[') {
      int end = sql.indexOf(']', i);
      return end < 0 ? n : end + 1;
    }
    if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
      int end = sql.indexOf('\n', i);
      return end < 0 ? n : end + 1;
    }
    if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
      int end = sql.indexOf("*/", i + 2);
      return end < 0 ? n : end + 2;
    }
    return i;
  }
}
