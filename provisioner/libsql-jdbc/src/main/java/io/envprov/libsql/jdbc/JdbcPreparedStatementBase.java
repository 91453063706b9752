package io.envprov.libsql.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Every method of {@link java.sql.PreparedStatement} that this driver does not support: each throws
 * {@link SQLFeatureNotSupportedException}. Subclasses override what they support.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class JdbcPreparedStatementBase extends LibsqlStatement
    implements java.sql.PreparedStatement {

  JdbcPreparedStatementBase(LibsqlConnection connection) {
    super(connection);
  }

  @Override
  public boolean execute() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.execute is not supported by the libSQL driver");
  }

  @Override
  public int executeUpdate() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.executeUpdate is not supported by the libSQL driver");
  }

  @Override
  public java.sql.ParameterMetaData getParameterMetaData() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.getParameterMetaData is not supported by the libSQL driver");
  }

  @Override
  public java.sql.ResultSet executeQuery() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.executeQuery is not supported by the libSQL driver");
  }

  @Override
  public java.sql.ResultSetMetaData getMetaData() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.getMetaData is not supported by the libSQL driver");
  }

  @Override
  public void addBatch() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.addBatch is not supported by the libSQL driver");
  }

  @Override
  public void clearParameters() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.clearParameters is not supported by the libSQL driver");
  }

  @Override
  public void setArray(int arg0, java.sql.Array arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setArray is not supported by the libSQL driver");
  }

  @Override
  public void setAsciiStream(int arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void setAsciiStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void setAsciiStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void setBigDecimal(int arg0, java.math.BigDecimal arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBigDecimal is not supported by the libSQL driver");
  }

  @Override
  public void setBinaryStream(int arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void setBinaryStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void setBinaryStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void setBlob(int arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBlob is not supported by the libSQL driver");
  }

  @Override
  public void setBlob(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBlob is not supported by the libSQL driver");
  }

  @Override
  public void setBlob(int arg0, java.sql.Blob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBlob is not supported by the libSQL driver");
  }

  @Override
  public void setBoolean(int arg0, boolean arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBoolean is not supported by the libSQL driver");
  }

  @Override
  public void setByte(int arg0, byte arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setByte is not supported by the libSQL driver");
  }

  @Override
  public void setBytes(int arg0, byte[] arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setBytes is not supported by the libSQL driver");
  }

  @Override
  public void setCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void setCharacterStream(int arg0, java.io.Reader arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void setCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void setClob(int arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setClob is not supported by the libSQL driver");
  }

  @Override
  public void setClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setClob is not supported by the libSQL driver");
  }

  @Override
  public void setClob(int arg0, java.sql.Clob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setClob is not supported by the libSQL driver");
  }

  @Override
  public void setDate(int arg0, java.sql.Date arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setDate is not supported by the libSQL driver");
  }

  @Override
  public void setDate(int arg0, java.sql.Date arg1, java.util.Calendar arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setDate is not supported by the libSQL driver");
  }

  @Override
  public void setDouble(int arg0, double arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setDouble is not supported by the libSQL driver");
  }

  @Override
  public void setFloat(int arg0, float arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setFloat is not supported by the libSQL driver");
  }

  @Override
  public void setInt(int arg0, int arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setInt is not supported by the libSQL driver");
  }

  @Override
  public void setLong(int arg0, long arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setLong is not supported by the libSQL driver");
  }

  @Override
  public void setNCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setNCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void setNCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setNCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void setNClob(int arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setNClob is not supported by the libSQL driver");
  }

  @Override
  public void setNClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setNClob is not supported by the libSQL driver");
  }

  @Override
  public void setNClob(int arg0, java.sql.NClob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setNClob is not supported by the libSQL driver");
  }

  @Override
  public void setNString(int arg0, String arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setNString is not supported by the libSQL driver");
  }

  @Override
  public void setNull(int arg0, int arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setNull is not supported by the libSQL driver");
  }

  @Override
  public void setNull(int arg0, int arg1, String arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setNull is not supported by the libSQL driver");
  }

  @Override
  public void setObject(int arg0, Object arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setObject is not supported by the libSQL driver");
  }

  @Override
  public void setObject(int arg0, Object arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setObject is not supported by the libSQL driver");
  }

  @Override
  public void setObject(int arg0, Object arg1, int arg2, int arg3) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setObject is not supported by the libSQL driver");
  }

  @Override
  public void setRef(int arg0, java.sql.Ref arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setRef is not supported by the libSQL driver");
  }

  @Override
  public void setRowId(int arg0, java.sql.RowId arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setRowId is not supported by the libSQL driver");
  }

  @Override
  public void setSQLXML(int arg0, java.sql.SQLXML arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setSQLXML is not supported by the libSQL driver");
  }

  @Override
  public void setShort(int arg0, short arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setShort is not supported by the libSQL driver");
  }

  @Override
  public void setString(int arg0, String arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setString is not supported by the libSQL driver");
  }

  @Override
  public void setTime(int arg0, java.sql.Time arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setTime is not supported by the libSQL driver");
  }

  @Override
  public void setTime(int arg0, java.sql.Time arg1, java.util.Calendar arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setTime is not supported by the libSQL driver");
  }

  @Override
  public void setTimestamp(int arg0, java.sql.Timestamp arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setTimestamp is not supported by the libSQL driver");
  }

  @Override
  public void setTimestamp(int arg0, java.sql.Timestamp arg1, java.util.Calendar arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setTimestamp is not supported by the libSQL driver");
  }

  @Override
  public void setURL(int arg0, java.net.URL arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setURL is not supported by the libSQL driver");
  }

  @Override
  public void setUnicodeStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "PreparedStatement.setUnicodeStream is not supported by the libSQL driver");
  }
}
