package io.envprov.libsql.hrana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Hrana stream: a server-side connection kept alive across HTTP requests by a baton. The first
 * pipeline opens it; each response hands a fresh baton for the next; {@link #close()} ends it. Not
 * thread-safe. A stream left idle for about ten seconds expires on the server.
 */
public final class HranaStream implements AutoCloseable {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final HranaClient client;
  private @Nullable String baton;
  private @Nullable URI streamBase;
  private boolean opened;
  private boolean closed;

  HranaStream(HranaClient client) {
    this.client = client;
  }

  /** Whether the server holds this stream open (a pipeline ran and it was not closed). */
  public boolean isOpen() {
    return opened && !closed && baton != null;
  }

  /** Runs one statement in this stream. */
  public HranaResult execute(HranaStatement statement) throws SQLException {
    return executeAll(List.of(statement), false).get(0);
  }

  /** Runs one statement and closes the stream in the same round trip. */
  public HranaResult executeAndClose(HranaStatement statement) throws SQLException {
    return executeAll(List.of(statement), true).get(0);
  }

  /**
   * Runs the statements in one round trip, in order. The server runs all of them even if one fails;
   * the first failure is thrown after the stream state has been updated.
   */
  public List<HranaResult> executeAll(List<HranaStatement> statements, boolean close)
      throws SQLException {
    ArrayNode requests = NODES.arrayNode();
    for (HranaStatement statement : statements) {
      requests.addObject().put("type", "execute").set("stmt", stmt(statement));
    }
    JsonNode results = pipeline(requests, close);
    List<HranaResult> parsed = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      parsed.add(result(okResponse(results.get(i)).path("result")));
    }
    return parsed;
  }

  /**
   * Runs the statements as one Hrana batch: each step runs only when the previous one succeeded.
   * With {@code transactional}, the steps are wrapped in {@code BEGIN}/{@code COMMIT} and rolled
   * back when one fails. Returns each statement's result; throws {@link BatchFailure} naming the
   * first failing statement.
   */
  public List<HranaResult> batch(List<HranaStatement> statements, boolean transactional)
      throws SQLException {
    ArrayNode requests = NODES.arrayNode();
    requests.add(batchRequest(statements, transactional));
    JsonNode response = okResponse(pipeline(requests, !isOpen() && transactional).get(0));
    return batchResults(response, statements.size(), transactional);
  }

  /**
   * Runs the statements as one transactional batch (as {@link #batch(List, boolean)}), then the
   * {@code after} statements whatever the batch's outcome, and closes the stream: all in one round
   * trip. Useful to apply a change and read back the resulting state without a second request.
   */
  public BatchOutcome batchThenClose(List<HranaStatement> statements, List<HranaStatement> after)
      throws SQLException {
    ArrayNode requests = NODES.arrayNode();
    requests.add(batchRequest(statements, true));
    for (HranaStatement statement : after) {
      requests.addObject().put("type", "execute").set("stmt", stmt(statement));
    }
    JsonNode responses = pipeline(requests, true);
    @Nullable BatchFailure failure = null;
    List<HranaResult> results = List.of();
    try {
      results = batchResults(okResponse(responses.get(0)), statements.size(), true);
    } catch (BatchFailure e) {
      failure = e;
    }
    List<@Nullable HranaResult> afterResults = new ArrayList<>();
    List<@Nullable HranaException> afterErrors = new ArrayList<>();
    for (int i = 0; i < after.size(); i++) {
      try {
        afterResults.add(result(okResponse(responses.get(1 + i)).path("result")));
        afterErrors.add(null);
      } catch (HranaException e) {
        afterResults.add(null);
        afterErrors.add(e);
      }
    }
    return new BatchOutcome(results, failure, afterResults, afterErrors);
  }

  /**
   * What {@link #batchThenClose} found.
   *
   * @param results the batch's results, empty when it failed
   * @param failure why the batch failed (and was rolled back), or null
   * @param after the results of the statements run after it (null where one failed)
   * @param afterErrors why each of those failed (null where one succeeded)
   */
  public record BatchOutcome(
      List<HranaResult> results,
      @Nullable BatchFailure failure,
      List<@Nullable HranaResult> after,
      List<@Nullable HranaException> afterErrors) {}

  private static ObjectNode batchRequest(List<HranaStatement> statements, boolean transactional)
      throws SQLException {
    ArrayNode steps = NODES.arrayNode();
    int offset = 0;
    if (transactional) {
      steps.addObject().set("stmt", stmt(new HranaStatement("BEGIN", List.of(), Map.of(), false)));
      offset = 1;
    }
    for (int i = 0; i < statements.size(); i++) {
      ObjectNode step = steps.addObject();
      int index = offset + i;
      if (index > 0) {
        step.set("condition", ok(index - 1));
      }
      step.set("stmt", stmt(statements.get(i)));
    }
    if (transactional) {
      int last = offset + statements.size() - 1;
      ObjectNode commit = steps.addObject();
      commit.set("condition", ok(last));
      commit.set("stmt", stmt(new HranaStatement("COMMIT", List.of(), Map.of(), false)));
      ObjectNode rollback = steps.addObject();
      ObjectNode not = NODES.objectNode().put("type", "not");
      not.set("cond", ok(last + 1));
      rollback.set("condition", not);
      rollback.set("stmt", stmt(new HranaStatement("ROLLBACK", List.of(), Map.of(), false)));
    }
    ObjectNode batch = NODES.objectNode().put("type", "batch");
    batch.putObject("batch").set("steps", steps);
    return batch;
  }

  private static List<HranaResult> batchResults(JsonNode response, int count, boolean transactional)
      throws SQLException {
    int offset = transactional ? 1 : 0;
    JsonNode stepResults = response.path("result").path("step_results");
    JsonNode stepErrors = response.path("result").path("step_errors");
    List<HranaResult> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonNode error = stepErrors.path(offset + i);
      if (error.isObject()) {
        throw new BatchFailure(i, results, statementError(error));
      }
      JsonNode result = stepResults.path(offset + i);
      if (!result.isObject()) {
        throw new BatchFailure(
            i, results, HranaException.ofStatement("batch step was not executed", null));
      }
      results.add(result(result));
    }
    if (transactional) {
      JsonNode commitError = stepErrors.path(offset + count);
      if (commitError.isObject()) {
        throw new BatchFailure(count, results, statementError(commitError));
      }
    }
    return results;
  }

  /** Closes the stream on the server; a stream never opened needs no round trip. */
  @Override
  public void close() throws SQLException {
    if (isOpen()) {
      ArrayNode requests = NODES.arrayNode();
      requests.addObject().put("type", "close");
      pipeline(requests, false);
    }
    closed = true;
    baton = null;
  }

  /**
   * Opens and closes the stream in one round trip without running SQL: proves that the server
   * answers, the namespace exists and the token is accepted.
   */
  public void probe() throws SQLException {
    pipeline(NODES.arrayNode(), true);
  }

  /** Forgets the stream without telling the server (after the server already dropped it). */
  public void abandon() {
    closed = true;
    baton = null;
  }

  private JsonNode pipeline(ArrayNode requests, boolean close) throws SQLException {
    if (closed) {
      throw new HranaException("the Hrana stream is closed", "08003", null, 0, null);
    }
    if (opened && baton == null) {
      throw new HranaException("the Hrana stream was closed by the server", "08003", null, 0, null);
    }
    if (close) {
      requests.addObject().put("type", "close");
    }
    ObjectNode body = NODES.objectNode();
    if (baton == null) {
      body.putNull("baton");
    } else {
      body.put("baton", baton);
    }
    body.set("requests", requests);
    JsonNode response;
    try {
      response = client.post(streamBase, body);
    } catch (HranaException e) {
      abandon(); // the server refused the request: the stream cannot be trusted any more
      throw e;
    }
    opened = true;
    JsonNode nextBaton = response.path("baton");
    baton = nextBaton.isTextual() ? nextBaton.asText() : null;
    JsonNode base = response.path("base_url");
    if (base.isTextual() && !base.asText().isEmpty()) {
      streamBase = URI.create(base.asText().replaceAll("/+$", ""));
    }
    if (close || baton == null) {
      closed = true;
    }
    JsonNode results = response.path("results");
    if (!results.isArray() || results.size() != requests.size()) {
      throw new HranaException(
          "the libSQL server answered "
              + results.size()
              + " results for "
              + requests.size()
              + " requests",
          "08006",
          null,
          200,
          null);
    }
    return results;
  }

  private static JsonNode okResponse(JsonNode result) throws SQLException {
    if ("error".equals(result.path("type").asText())) {
      throw statementError(result.path("error"));
    }
    return result.path("response");
  }

  private static HranaException statementError(JsonNode error) {
    JsonNode code = error.path("code");
    return HranaException.ofStatement(
        error.path("message").asText("unknown error"), code.isTextual() ? code.asText() : null);
  }

  static ObjectNode stmt(HranaStatement statement) throws SQLException {
    ObjectNode stmt = NODES.objectNode().put("sql", statement.sql());
    if (!statement.args().isEmpty()) {
      ArrayNode args = stmt.putArray("args");
      for (Object arg : statement.args()) {
        args.add(HranaValues.encode(arg));
      }
    }
    if (!statement.namedArgs().isEmpty()) {
      ArrayNode named = stmt.putArray("named_args");
      for (Map.Entry<String, @Nullable Object> entry : statement.namedArgs().entrySet()) {
        ObjectNode arg = named.addObject().put("name", entry.getKey());
        arg.set("value", HranaValues.encode(entry.getValue()));
      }
    }
    stmt.put("want_rows", statement.wantRows());
    return stmt;
  }

  private static ObjectNode ok(int step) {
    return NODES.objectNode().put("type", "ok").put("step", step);
  }

  static HranaResult result(JsonNode json) throws SQLException {
    List<HranaColumn> columns = new ArrayList<>();
    for (JsonNode col : json.path("cols")) {
      columns.add(new HranaColumn(text(col.path("name")), text(col.path("decltype"))));
    }
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (JsonNode row : json.path("rows")) {
      List<@Nullable Object> values = new ArrayList<>(row.size());
      for (JsonNode value : row) {
        values.add(HranaValues.decode(value));
      }
      rows.add(java.util.Collections.unmodifiableList(values));
    }
    JsonNode rowid = json.path("last_insert_rowid");
    return new HranaResult(
        columns,
        rows,
        json.path("affected_row_count").asLong(0),
        rowid.isNull() || rowid.isMissingNode() ? null : Long.parseLong(rowid.asText()));
  }

  private static @Nullable String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  /** A batch stopped at one statement; the results of those before it are kept. */
  public static final class BatchFailure extends HranaException {
    private final int failedIndex;
    private final List<HranaResult> completed;

    BatchFailure(int failedIndex, List<HranaResult> completed, HranaException cause) {
      super(
          "statement " + (failedIndex + 1) + " of the batch failed: " + withoutCode(cause),
          cause.getSQLState(),
          cause.hranaCode(),
          cause.httpStatus(),
          cause);
      this.failedIndex = failedIndex;
      this.completed = List.copyOf(completed);
    }

    private static String withoutCode(HranaException cause) {
      String message = String.valueOf(cause.getMessage());
      String suffix = " [" + cause.hranaCode() + "]";
      return message.endsWith(suffix)
          ? message.substring(0, message.length() - suffix.length())
          : message;
    }

    /** The index of the statement that failed. */
    public int failedIndex() {
      return failedIndex;
    }

    /** The results of the statements before it. */
    public List<HranaResult> completed() {
      return completed;
    }
  }
}
