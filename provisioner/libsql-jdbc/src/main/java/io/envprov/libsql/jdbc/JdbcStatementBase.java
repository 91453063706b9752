package io.envprov.libsql.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Every method of {@link java.sql.Statement} that this driver does not support: each throws {@link
 * SQLFeatureNotSupportedException}. Subclasses override what they support.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class JdbcStatementBase implements java.sql.Statement {

  @Override
  public boolean execute(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.execute is not supported by the libSQL driver");
  }

  @Override
  public boolean execute(String arg0, int arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.execute is not supported by the libSQL driver");
  }

  @Override
  public boolean execute(String arg0, int[] arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.execute is not supported by the libSQL driver");
  }

  @Override
  public boolean execute(String arg0, String[] arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.execute is not supported by the libSQL driver");
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getMoreResults is not supported by the libSQL driver");
  }

  @Override
  public boolean getMoreResults(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getMoreResults is not supported by the libSQL driver");
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.isCloseOnCompletion is not supported by the libSQL driver");
  }

  @Override
  public boolean isClosed() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.isClosed is not supported by the libSQL driver");
  }

  @Override
  public boolean isPoolable() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.isPoolable is not supported by the libSQL driver");
  }

  @Override
  public int executeUpdate(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.executeUpdate is not supported by the libSQL driver");
  }

  @Override
  public int executeUpdate(String arg0, int arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.executeUpdate is not supported by the libSQL driver");
  }

  @Override
  public int executeUpdate(String arg0, int[] arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.executeUpdate is not supported by the libSQL driver");
  }

  @Override
  public int executeUpdate(String arg0, String[] arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.executeUpdate is not supported by the libSQL driver");
  }

  @Override
  public int getFetchDirection() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getFetchDirection is not supported by the libSQL driver");
  }

  @Override
  public int getFetchSize() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getFetchSize is not supported by the libSQL driver");
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getMaxFieldSize is not supported by the libSQL driver");
  }

  @Override
  public int getMaxRows() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getMaxRows is not supported by the libSQL driver");
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getQueryTimeout is not supported by the libSQL driver");
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getResultSetConcurrency is not supported by the libSQL driver");
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getResultSetHoldability is not supported by the libSQL driver");
  }

  @Override
  public int getResultSetType() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getResultSetType is not supported by the libSQL driver");
  }

  @Override
  public int getUpdateCount() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getUpdateCount is not supported by the libSQL driver");
  }

  @Override
  public int[] executeBatch() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.executeBatch is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Connection getConnection() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getConnection is not supported by the libSQL driver");
  }

  @Override
  public java.sql.ResultSet executeQuery(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.executeQuery is not supported by the libSQL driver");
  }

  @Override
  public java.sql.ResultSet getGeneratedKeys() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getGeneratedKeys is not supported by the libSQL driver");
  }

  @Override
  public java.sql.ResultSet getResultSet() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getResultSet is not supported by the libSQL driver");
  }

  @Override
  public java.sql.SQLWarning getWarnings() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.getWarnings is not supported by the libSQL driver");
  }

  @Override
  public void addBatch(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.addBatch is not supported by the libSQL driver");
  }

  @Override
  public void cancel() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.cancel is not supported by the libSQL driver");
  }

  @Override
  public void clearBatch() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.clearBatch is not supported by the libSQL driver");
  }

  @Override
  public void clearWarnings() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.clearWarnings is not supported by the libSQL driver");
  }

  @Override
  public void close() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.close is not supported by the libSQL driver");
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.closeOnCompletion is not supported by the libSQL driver");
  }

  @Override
  public void setCursorName(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.setCursorName is not supported by the libSQL driver");
  }

  @Override
  public void setEscapeProcessing(boolean arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.setEscapeProcessing is not supported by the libSQL driver");
  }

  @Override
  public void setFetchDirection(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.setFetchDirection is not supported by the libSQL driver");
  }

  @Override
  public void setFetchSize(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.setFetchSize is not supported by the libSQL driver");
  }

  @Override
  public void setMaxFieldSize(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.setMaxFieldSize is not supported by the libSQL driver");
  }

  @Override
  public void setMaxRows(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.setMaxRows is not supported by the libSQL driver");
  }

  @Override
  public void setPoolable(boolean arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.setPoolable is not supported by the libSQL driver");
  }

  @Override
  public void setQueryTimeout(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Statement.setQueryTimeout is not supported by the libSQL driver");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
