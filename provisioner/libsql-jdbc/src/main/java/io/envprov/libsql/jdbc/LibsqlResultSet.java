package io.envprov.libsql.jdbc;

import io.envprov.libsql.hrana.HranaResult;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A forward-only, read-only result set over rows that arrived in full with the Hrana response.
 * Every getter reads the value here and converts it with {@link ColumnValues}.
 */
final class LibsqlResultSet extends JdbcResultSetBase {

  private final LibsqlStatement statement;
  private final HranaResult result;
  private int row = -1;
  private boolean wasNull;
  private boolean closed;

  LibsqlResultSet(LibsqlStatement statement, HranaResult result) {
    this.statement = statement;
    this.result = result;
  }

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    if (row < result.rows().size()) {
      row++;
    }
    return row < result.rows().size();
  }

  @Override
  public void close() throws SQLException {
    if (!closed) {
      closed = true;
      statement.resultSetClosed(this);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return new LibsqlResultSetMetaData(result);
  }

  @Override
  public int findColumn(String label) throws SQLException {
    checkOpen();
    for (int i = 0; i < result.columns().size(); i++) {
      String name = result.columns().get(i).name();
      if (name != null && name.equalsIgnoreCase(label)) {
        return i + 1;
      }
    }
    throw new SQLException("no column named '" + label + "'", "42S22");
  }

  @Override
  public @Nullable Object getObject(int index) throws SQLException {
    checkOpen();
    if (row < 0 || row >= result.rows().size()) {
      throw new SQLException("the cursor is not on a row", "24000");
    }
    List<@Nullable Object> values = result.rows().get(row);
    if (index < 1 || index > values.size()) {
      throw new SQLException("no column " + index + " (there are " + values.size() + ")", "07009");
    }
    Object value = values.get(index - 1);
    wasNull = value == null;
    return value;
  }

  @Override
  public <T> @Nullable T getObject(int index, Class<T> type) throws SQLException {
    Object value = getObject(index);
    return value == null ? null : ColumnValues.convert(value, type, index);
  }

  // --- cursor and properties ---

  @Override
  public boolean isBeforeFirst() throws SQLException {
    checkOpen();
    return row < 0 && !result.rows().isEmpty();
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    checkOpen();
    return row >= result.rows().size() && !result.rows().isEmpty();
  }

  @Override
  public boolean isFirst() throws SQLException {
    checkOpen();
    return row == 0 && !result.rows().isEmpty();
  }

  @Override
  public boolean isLast() throws SQLException {
    checkOpen();
    return row == result.rows().size() - 1 && row >= 0;
  }

  @Override
  public int getRow() throws SQLException {
    checkOpen();
    return row >= 0 && row < result.rows().size() ? row + 1 : 0;
  }

  @Override
  public Statement getStatement() {
    return statement;
  }

  @Override
  public int getFetchSize() {
    return result.rows().size();
  }

  @Override
  public void setFetchSize(int rows) {}

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the result set is closed", "24000");
    }
  }
}
