package io.envprov.libsql.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envprov.libsql.testserver.TestJwtVerifier.Access;
import io.envprov.libsql.testserver.TestNamespaces.Config;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.sqlite.core.CoreStatement;

/**
 * Runs the requests of one Hrana pipeline on a stream, with sqld's semantics: every request runs
 * even if an earlier one failed, statement errors are results (not HTTP errors) with sqld's codes,
 * a read-only token that writes fails the whole HTTP request with 403.
 */
final class TestHranaExecutor {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A statement error, reported as {@code {"type":"error","error":{...}}}. */
  static final class StmtError extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    StmtError(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** A failure of the whole HTTP request. */
  static final class HttpFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final @Nullable String code;

    HttpFailure(int status, String message, @Nullable String code) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private final TestNamespaces namespaces;

  TestHranaExecutor(TestNamespaces namespaces) {
    this.namespaces = namespaces;
  }

  /** One request's result entry; {@code stream.closed} is set by a {@code close}. */
  ObjectNode request(TestStream stream, JsonNode request) throws HttpFailure {
    String type = request.path("type").asText();
    try {
      ObjectNode response = NODES.objectNode().put("type", type);
      switch (type) {
        case "execute" -> response.set("result", execute(stream, request.path("stmt")));
        case "batch" -> response.set("result", batch(stream, request.path("batch")));
        case "sequence" -> sequence(stream, request);
        case "describe" -> response.set("result", describe(stream, request));
        case "store_sql" -> {
          stream.storedSql.put(request.path("sql_id").asInt(), request.path("sql").asText());
        }
        case "close_sql" -> stream.storedSql.remove(request.path("sql_id").asInt());
        case "get_autocommit" -> response.put("is_autocommit", !stream.inTransaction);
        case "close" -> stream.close();
        default -> throw new HttpFailure(400, "Unknown request type '" + type + "'", null);
      }
      ObjectNode ok = NODES.objectNode().put("type", "ok");
      ok.set("response", response);
      return ok;
    } catch (StmtError e) {
      return error(e);
    }
  }

  static ObjectNode error(StmtError e) {
    ObjectNode result = NODES.objectNode().put("type", "error");
    result.putObject("error").put("message", e.getMessage()).put("code", e.code);
    return result;
  }

  private ObjectNode execute(TestStream stream, JsonNode stmt) throws StmtError, HttpFailure {
    String sql = sql(stream, stmt.path("sql"), stmt.path("sql_id"));
    List<String> statements = SqlScanner.split(sql);
    if (statements.isEmpty()) {
      throw new StmtError("SQL_NO_STATEMENT", "SQL string does not contain any statement");
    }
    if (statements.size() > 1) {
      throw new StmtError("SQL_MANY_STATEMENTS", "SQL string contains more than one statement");
    }
    JsonNode args = stmt.path("args");
    JsonNode namedArgs = stmt.path("named_args");
    if (args.size() > 0 && namedArgs.size() > 0) {
      throw new StmtError(
          "ARGS_BOTH_POSITIONAL_AND_NAMED", "Arguments must not be both positional and named");
    }
    return run(stream, statements.get(0), args, namedArgs, stmt.path("want_rows").asBoolean(true));
  }

  private ObjectNode run(
      TestStream stream, String statement, JsonNode args, JsonNode namedArgs, boolean wantRows)
      throws StmtError, HttpFailure {
    boolean read = SqlScanner.isRead(statement);
    authorize(stream, read);
    checkBlocked(stream, read);
    String sql = translate(statement);
    long started = System.nanoTime();
    try (PreparedStatement prepared = stream.connection.prepareStatement(sql)) {
      bind(prepared, sql, args, namedArgs);
      boolean hasRows = prepared.execute();
      ObjectNode result = NODES.objectNode();
      ArrayNode cols = result.putArray("cols");
      ArrayNode rows = result.putArray("rows");
      int rowsRead = 0;
      if (hasRows) {
        try (ResultSet resultSet = prepared.getResultSet()) {
          int count = resultSet.getMetaData().getColumnCount();
          for (int i = 1; i <= count; i++) {
            ObjectNode col = cols.addObject().put("name", resultSet.getMetaData().getColumnName(i));
            String decltype = decltype(prepared, i - 1);
            if (decltype == null) {
              col.putNull("decltype");
            } else {
              col.put("decltype", decltype);
            }
          }
          while (resultSet.next()) {
            rowsRead++;
            if (!wantRows) {
              continue;
            }
            ArrayNode row = rows.addArray();
            for (int i = 1; i <= count; i++) {
              row.add(value(resultSet.getObject(i)));
            }
          }
        }
      }
      trackTransaction(stream, sql);
      long changes = 0;
      long rowid;
      try (Statement probe = stream.connection.createStatement();
          ResultSet counters = probe.executeQuery("SELECT changes(), last_insert_rowid()")) {
        counters.next();
        changes = read ? 0 : counters.getLong(1);
        rowid = counters.getLong(2);
      }
      result.put("affected_row_count", changes);
      result.put("last_insert_rowid", Long.toString(rowid));
      result.put("replication_index", (String) null);
      result.put("rows_read", rowsRead);
      result.put("rows_written", changes);
      result.put("query_duration_ms", (System.nanoTime() - started) / 1_000_000d);
      return result;
    } catch (SQLException e) {
      trackTransaction(stream, null);
      throw sqliteError(e);
    }
  }

  private static void authorize(TestStream stream, boolean read) throws HttpFailure, StmtError {
    if (!read && stream.access == Access.READ_ONLY) {
      throw new HttpFailure(
          403,
          "Authorization forbidden: current session is not authorized to write",
          "AUTH_FORBIDDEN");
    }
  }

  private void checkBlocked(TestStream stream, boolean read) throws StmtError {
    Config config = namespaces.config(stream.namespace).orElse(null);
    if (config == null) {
      throw new StmtError("SQLITE_CANTOPEN", "namespace was deleted");
    }
    if (config.blockReads() || (!read && config.blockWrites())) {
      throw new StmtError("BLOCKED", "Operation was blocked");
    }
  }

  /** libSQL syntax SQLite lacks: {@code BEGIN [TRANSACTION] READONLY} is a deferred BEGIN. */
  private static String translate(String statement) {
    String stripped = SqlScanner.stripLeadingComments(statement);
    if (stripped
        .toUpperCase(Locale.ROOT)
        .matches("(?s)^BEGIN\\s+(TRANSACTION\\s+)?READONLY\\s*$")) {
      return "BEGIN DEFERRED";
    }
    return statement;
  }

  private static void trackTransaction(TestStream stream, @Nullable String sql) {
    try {
      // sqlite-jdbc keeps auto-commit on; SQLite's own state is what counts
      stream.inTransaction = !stream.connection.getAutoCommit() || sqliteInTransaction(stream, sql);
    } catch (SQLException e) {
      stream.inTransaction = false;
    }
  }

  private static boolean sqliteInTransaction(TestStream stream, @Nullable String sql) {
    if (sql == null) {
      return stream.inTransaction;
    }
    String keyword =
        SqlScanner.stripLeadingComments(sql).toUpperCase(Locale.ROOT).split("[^A-Z]", 2)[0];
    return switch (keyword) {
      case "BEGIN", "SAVEPOINT" -> true;
      case "COMMIT", "END" -> false;
      case "ROLLBACK" ->
          sql.toUpperCase(Locale.ROOT).matches("(?s).*\\bTO\\b.*") && stream.inTransaction;
      default -> stream.inTransaction;
    };
  }

  private static @Nullable String decltype(PreparedStatement prepared, int column) {
    try {
      CoreStatement core = prepared.unwrap(CoreStatement.class);
      return core.pointer.safeRun((db, pointer) -> db.column_decltype(pointer, column));
    } catch (SQLException e) {
      return null;
    }
  }

  private static void bind(PreparedStatement prepared, String sql, JsonNode args, JsonNode named)
      throws SQLException, StmtError {
    int parameters = prepared.getParameterMetaData().getParameterCount();
    if (args.size() > parameters) {
      throw new StmtError(
          "ARGS_INVALID", "Statement expects " + parameters + " parameters, got " + args.size());
    }
    for (int i = 0; i < args.size(); i++) {
      bindValue(prepared, i + 1, args.get(i));
    }
    if (named.size() > 0) {
      Map<String, Integer> indexes = SqlScanner.namedParameters(sql);
      for (JsonNode arg : named) {
        String name = arg.path("name").asText();
        Integer index = indexes.get(name);
        Iterator<String> prefixes = List.of(":", "@", "$").iterator();
        while (index == null && prefixes.hasNext()) {
          index = indexes.get(prefixes.next() + name);
        }
        if (index == null) {
          continue; // sqld ignores a named argument the statement does not use
        }
        bindValue(prepared, index, arg.path("value"));
      }
    }
  }

  private static void bindValue(PreparedStatement prepared, int index, JsonNode value)
      throws SQLException, StmtError {
    switch (value.path("type").asText()) {
      case "null" -> prepared.setNull(index, java.sql.Types.NULL);
      case "integer" -> {
        try {
          prepared.setLong(index, Long.parseLong(value.path("value").asText()));
        } catch (NumberFormatException e) {
          throw new StmtError("ARGS_INVALID", "Invalid integer value");
        }
      }
      case "float" -> prepared.setDouble(index, value.path("value").asDouble());
      case "text" -> prepared.setString(index, value.path("value").asText());
      case "blob" ->
          prepared.setBytes(index, Base64.getDecoder().decode(value.path("base64").asText("")));
      default -> throw new StmtError("ARGS_INVALID", "Unknown value type");
    }
  }

  private static ObjectNode value(@Nullable Object value) {
    ObjectNode node = NODES.objectNode();
    if (value == null) {
      node.put("type", "null");
    } else if (value instanceof Integer || value instanceof Long) {
      node.put("type", "integer").put("value", value.toString());
    } else if (value instanceof Number number) {
      node.put("type", "float").put("value", number.doubleValue());
    } else if (value instanceof byte[] bytes) {
      node.put("type", "blob")
          .put("base64", Base64.getEncoder().withoutPadding().encodeToString(bytes));
    } else {
      node.put("type", "text").put("value", value.toString());
    }
    return node;
  }

  private ObjectNode batch(TestStream stream, JsonNode batch) throws HttpFailure {
    JsonNode steps = batch.path("steps");
    List<@Nullable Boolean> outcomes = new ArrayList<>();
    ArrayNode stepResults = NODES.arrayNode();
    ArrayNode stepErrors = NODES.arrayNode();
    for (JsonNode step : steps) {
      JsonNode condition = step.path("condition");
      boolean run =
          condition.isMissingNode() || condition.isNull() || eval(condition, outcomes, stream);
      if (!run) {
        outcomes.add(null);
        stepResults.addNull();
        stepErrors.addNull();
        continue;
      }
      try {
        stepResults.add(execute(stream, step.path("stmt")));
        stepErrors.addNull();
        outcomes.add(true);
      } catch (StmtError e) {
        stepResults.addNull();
        stepErrors.addObject().put("message", e.getMessage()).put("code", e.code);
        outcomes.add(false);
      }
    }
    ObjectNode result = NODES.objectNode();
    result.set("step_results", stepResults);
    result.set("step_errors", stepErrors);
    return result;
  }

  private static boolean eval(
      JsonNode condition, List<@Nullable Boolean> outcomes, TestStream stream) throws HttpFailure {
    String type = condition.path("type").asText();
    switch (type) {
      case "ok", "error" -> {
        int step = condition.path("step").asInt(-1);
        if (step < 0 || step >= outcomes.size()) {
          throw new HttpFailure(400, "Batch condition refers to a step that has not run", null);
        }
        Boolean outcome = outcomes.get(step);
        return outcome != null && (type.equals("ok") ? outcome : !outcome);
      }
      case "not" -> {
        return !eval(condition.path("cond"), outcomes, stream);
      }
      case "and" -> {
        for (JsonNode inner : condition.path("conds")) {
          if (!eval(inner, outcomes, stream)) {
            return false;
          }
        }
        return true;
      }
      case "or" -> {
        for (JsonNode inner : condition.path("conds")) {
          if (eval(inner, outcomes, stream)) {
            return true;
          }
        }
        return false;
      }
      case "is_autocommit" -> {
        return !stream.inTransaction;
      }
      default -> throw new HttpFailure(400, "Unknown batch condition '" + type + "'", null);
    }
  }

  private void sequence(TestStream stream, JsonNode request) throws StmtError, HttpFailure {
    String sql = sql(stream, request.path("sql"), request.path("sql_id"));
    for (String statement : SqlScanner.split(sql)) {
      run(stream, statement, NODES.arrayNode(), NODES.arrayNode(), false);
    }
  }

  private ObjectNode describe(TestStream stream, JsonNode request) throws StmtError, HttpFailure {
    String sql = sql(stream, request.path("sql"), request.path("sql_id"));
    List<String> statements = SqlScanner.split(sql);
    if (statements.size() != 1) {
      throw new StmtError(
          statements.isEmpty() ? "SQL_NO_STATEMENT" : "SQL_MANY_STATEMENTS",
          "SQL string must contain exactly one statement");
    }
    String statement = translate(statements.get(0));
    try (PreparedStatement prepared = stream.connection.prepareStatement(statement)) {
      ObjectNode result = NODES.objectNode();
      ArrayNode params = result.putArray("params");
      Map<String, Integer> named = SqlScanner.namedParameters(statement);
      int count = prepared.getParameterMetaData().getParameterCount();
      for (int i = 1; i <= count; i++) {
        String name = null;
        for (Map.Entry<String, Integer> entry : named.entrySet()) {
          if (entry.getValue() == i) {
            name = entry.getKey();
          }
        }
        params.addObject().put("name", name);
      }
      ArrayNode cols = result.putArray("cols");
      var meta = prepared.getMetaData();
      int columns = meta == null ? 0 : meta.getColumnCount();
      for (int i = 1; i <= columns; i++) {
        cols.addObject()
            .put("name", meta.getColumnName(i))
            .put("decltype", decltype(prepared, i - 1));
      }
      String keyword = statement.strip().toUpperCase(Locale.ROOT);
      result.put("is_explain", keyword.startsWith("EXPLAIN"));
      result.put("is_readonly", SqlScanner.isRead(statement));
      return result;
    } catch (SQLException e) {
      throw sqliteError(e);
    }
  }

  private static String sql(TestStream stream, JsonNode sql, JsonNode sqlId) throws HttpFailure {
    if (sql.isTextual()) {
      if (sqlId.isNumber()) {
        throw new HttpFailure(400, "Statement cannot have both sql and sql_id", null);
      }
      return sql.asText();
    }
    if (sqlId.isNumber()) {
      String stored = stream.storedSql.get(sqlId.asInt());
      if (stored == null) {
        throw new HttpFailure(400, "SQL text with id " + sqlId.asInt() + " was not stored", null);
      }
      return stored;
    }
    throw new HttpFailure(400, "Statement has neither sql nor sql_id", null);
  }

  /** sqld's code and message for an SQLite failure. */
  static StmtError sqliteError(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int open = message.indexOf('(');
    if (message.startsWith("[") && open > 0 && message.endsWith(")")) {
      message = message.substring(open + 1, message.length() - 1);
    }
    int code = e.getErrorCode() & 0xff;
    if (code == 1
        && (message.contains("syntax error")
            || message.contains("incomplete input")
            || message.contains("unrecognized token"))) {
      return new StmtError("SQL_PARSE_ERROR", "SQL string could not be parsed: " + message);
    }
    String name =
        switch (code) {
          case 2 -> "SQLITE_INTERNAL";
          case 3 -> "SQLITE_PERM";
          case 4 -> "SQLITE_ABORT";
          case 5 -> "SQLITE_BUSY";
          case 6 -> "SQLITE_LOCKED";
          case 7 -> "SQLITE_NOMEM";
          case 8 -> "SQLITE_READONLY";
          case 9 -> "SQLITE_INTERRUPT";
          case 10 -> "SQLITE_IOERR";
          case 11 -> "SQLITE_CORRUPT";
          case 13 -> "SQLITE_FULL";
          case 14 -> "SQLITE_CANTOPEN";
          case 17 -> "SQLITE_SCHEMA";
          case 18 -> "SQLITE_TOOBIG";
          case 19 -> "SQLITE_CONSTRAINT";
          case 20 -> "SQLITE_MISMATCH";
          case 21 -> "SQLITE_MISUSE";
          case 23 -> "SQLITE_AUTH";
          case 25 -> "SQLITE_RANGE";
          case 26 -> "SQLITE_NOTADB";
          default -> "SQLITE_UNKNOWN";
        };
    return new StmtError(name, "SQLite error: " + message);
  }

  void checkBlockedForStatement(TestStream stream, String statement) throws StmtError {
    checkBlocked(stream, SqlScanner.isRead(statement));
  }
}
