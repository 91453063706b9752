package io.envprov.driver.libsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Splits an SQLite migration script into statements at the semicolons outside quotes and comments,
 * as Flyway's SQLite parser does for plain DDL and DML. Each statement keeps its text from its
 * first keyword on (SQLite keeps no leading comment in {@code sqlite_schema} either). A trigger
 * body ({@code BEGIN ... END}) is not split here: such a statement comes back as {@code null}, so
 * that the caller leaves the script to Flyway.
 */
final class SqlSplitter {

  private SqlSplitter() {}

  static List<@Nullable String> split(String script) {
    List<@Nullable String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean code = false; // whether the current statement has seen anything but comments
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        end = end < 0 ? n : end;
        if (code) {
          current.append(script, i, end);
        }
        i = end;
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        if (code) {
          current.append(script, i, end);
        }
        i = end;
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int end = i + 1;
        while (end < n) {
          if (script.charAt(end) == close) {
            if (close != ']' && end + 1 < n && script.charAt(end + 1) == close) {
              end += 2; // a doubled quote inside the literal
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(n, end + 1);
        current.append(script, i, end);
        code = true;
        i = end;
      } else if (c == ';') {
        add(statements, current);
        current.setLength(0);
        code = false;
        i++;
      } else {
        if (!Character.isWhitespace(c) || code) {
          current.append(c);
          code |= !Character.isWhitespace(c);
        }
        i++;
      }
    }
    add(statements, current);
    return statements;
  }

  private static void add(List<@Nullable String> statements, StringBuilder current) {
    String sql = current.toString().strip();
    if (sql.isEmpty()) {
      return;
    }
    String upper = sql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    boolean trigger =
        upper.matches("^CREATE (TEMP |TEMPORARY )?TRIGGER .*") || upper.startsWith("BEGIN");
    statements.add(trigger ? null : sql);
  }
}
