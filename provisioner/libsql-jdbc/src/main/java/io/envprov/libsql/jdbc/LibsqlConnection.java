package io.envprov.libsql.jdbc;

import io.envprov.libsql.hrana.HranaClient;
import io.envprov.libsql.hrana.HranaException;
import io.envprov.libsql.hrana.HranaResult;
import io.envprov.libsql.hrana.HranaStatement;
import io.envprov.libsql.hrana.HranaStream;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A JDBC connection to one libSQL database over Hrana HTTP.
 *
 * <p>In auto-commit mode each statement runs in a stream of its own, opened and closed in one HTTP
 * round trip. With auto-commit off, the first statement opens a stream with {@code BEGIN} in the
 * same round trip and the following ones travel on that stream's baton until {@link #commit()} or
 * {@link #rollback()}. A transaction idle for longer than the server's stream timeout (about ten
 * seconds on sqld) is lost and reported as an error. Not thread-safe, as JDBC connections seldom
 * are.
 */
public final class LibsqlConnection extends JdbcConnectionBase {

  private static final AtomicInteger SAVEPOINTS = new AtomicInteger();

  private final HranaClient client;
  private final String url;
  private boolean autoCommit = true;
  private boolean readOnly;
  private boolean closed;
  private @Nullable HranaStream stream;

  LibsqlConnection(HranaClient client, String url) {
    this.client = client;
    this.url = url;
  }

  /** The Hrana client this connection sends with. */
  public HranaClient client() {
    return client;
  }

  String url() {
    return url;
  }

  /**
   * Runs a statement: alone in auto-commit mode, on the transaction's stream otherwise. A {@code
   * BEGIN} sent as SQL in auto-commit mode keeps its stream until {@code COMMIT}, {@code END} or
   * {@code ROLLBACK}.
   */
  HranaResult run(HranaStatement statement) throws SQLException {
    checkOpen();
    String keyword = firstKeyword(statement.sql());
    HranaStream current = stream;
    if (current != null && current.isOpen()) {
      HranaResult result;
      try {
        result = current.execute(statement);
      } catch (HranaException e) {
        if (!current.isOpen()) {
          stream = null;
        }
        throw e;
      }
      if (autoCommit && endsTransaction(statement.sql(), keyword)) {
        closeStream();
      }
      return result;
    }
    stream = null;
    if (!autoCommit) {
      HranaStream opened = client.openStream();
      stream = opened;
      try {
        return opened.executeAll(List.of(HranaStatement.of("BEGIN"), statement), false).get(1);
      } catch (HranaException e) {
        if (!opened.isOpen()) {
          stream = null;
        }
        throw e;
      }
    }
    if (keyword.equals("BEGIN")) {
      HranaStream opened = client.openStream();
      HranaResult result = opened.execute(statement);
      stream = opened;
      return result;
    }
    return client.openStream().executeAndClose(statement);
  }

  /** Runs statements as one batch: in its own transaction in auto-commit mode. */
  List<HranaResult> runBatch(List<HranaStatement> statements) throws SQLException {
    checkOpen();
    if (statements.isEmpty()) {
      return List.of();
    }
    HranaStream current = stream;
    if (current != null && current.isOpen()) {
      return current.batch(statements, false);
    }
    if (!autoCommit) {
      run(HranaStatement.of("SELECT 1")); // opens the transaction's stream
      return runBatch(statements);
    }
    return client.openStream().batch(statements, true);
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    return new LibsqlStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    return new LibsqlPreparedStatement(this, sql);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    if (autoCommit && !this.autoCommit) {
      commit(); // JDBC: switching auto-commit on commits the running transaction
    }
    this.autoCommit = autoCommit;
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return autoCommit;
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    HranaStream current = takeOpenStream();
    if (current != null) {
      current.executeAndClose(HranaStatement.of("COMMIT"));
    }
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    HranaStream current = takeOpenStream();
    if (current != null) {
      try {
        current.executeAndClose(HranaStatement.of("ROLLBACK"));
      } catch (HranaException e) {
        if (e.httpStatus() == 200) {
          // "no transaction is active": SQLite already rolled back after an error
          return;
        }
        throw e;
      }
    }
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return setSavepoint("envprov_sp_" + SAVEPOINTS.incrementAndGet());
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    if (autoCommit) {
      throw new SQLException("savepoints need auto-commit off", "25000");
    }
    onSavepoint("SAVEPOINT", name);
    return new LibsqlSavepoint(name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    onSavepoint("ROLLBACK TO", savepoint.getSavepointName());
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    onSavepoint("RELEASE", savepoint.getSavepointName());
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    HranaStream current = takeOpenStream();
    if (current != null) {
      try {
        current.close(); // the server rolls back an open transaction
      } catch (HranaException e) {
        // the stream is gone either way
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw new SQLException("timeout must not be negative", "22023");
    }
    if (closed) {
      return false;
    }
    try {
      client.openStream().executeAndClose(HranaStatement.of("SELECT 1"));
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return DatabaseMetaDataProxy.create(this);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    this.readOnly = readOnly; // a hint only: the token decides what may be written
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return readOnly;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (level != TRANSACTION_SERIALIZABLE
        && level != TRANSACTION_READ_COMMITTED
        && level != TRANSACTION_REPEATABLE_READ
        && level != TRANSACTION_READ_UNCOMMITTED) {
      throw new SQLException("unknown isolation level " + level, "22023");
    }
    // SQLite transactions are serializable whatever is asked
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    close();
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the connection is closed", "08003");
    }
  }

  private void onSavepoint(String command, String name) throws SQLException {
    run(HranaStatement.of(command + " \"" + name.replace("\"", "\"\"") + "\""));
  }

  /** The transaction's stream if it is open; this connection holds no stream afterwards. */
  private @Nullable HranaStream takeOpenStream() {
    HranaStream current = stream;
    stream = null;
    return current != null && current.isOpen() ? current : null;
  }

  private void closeStream() {
    HranaStream current = takeOpenStream();
    if (current != null) {
      try {
        current.close();
      } catch (SQLException e) {
        // the transaction ended; a failing close only leaves the server to expire the stream
      }
    }
  }

  private static boolean endsTransaction(String sql, String keyword) {
    if (keyword.equals("COMMIT") || keyword.equals("END")) {
      return true;
    }
    if (keyword.equals("ROLLBACK")) {
      String rest = sql.strip().substring("ROLLBACK".length()).strip().toUpperCase(Locale.ROOT);
      return !rest.startsWith("TO") && !rest.matches("^TRANSACTION\\s+TO.*");
    }
    return false;
  }

  /** The first SQL keyword, upper-cased, skipping comments. */
  static String firstKeyword(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toUpperCase(Locale.ROOT);
  }

  private record LibsqlSavepoint(String name) implements Savepoint {
    @Override
    public int getSavepointId() throws SQLException {
      throw new SQLException("a named savepoint has no id");
    }

    @Override
    public String getSavepointName() {
      return name;
    }
  }
}
