package io.envprov.libsql.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Every method of {@link java.sql.ResultSet} that this driver does not support: each throws {@link
 * SQLFeatureNotSupportedException}. Subclasses override what they support.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class JdbcResultSetBase implements java.sql.ResultSet {

  @Override
  public <T> T getObject(int arg0, Class<T> arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getObject is not supported by the libSQL driver");
  }

  @Override
  public <T> T getObject(String arg0, Class<T> arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getObject is not supported by the libSQL driver");
  }

  @Override
  public boolean absolute(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.absolute is not supported by the libSQL driver");
  }

  @Override
  public boolean first() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.first is not supported by the libSQL driver");
  }

  @Override
  public boolean getBoolean(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBoolean is not supported by the libSQL driver");
  }

  @Override
  public boolean getBoolean(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBoolean is not supported by the libSQL driver");
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.isAfterLast is not supported by the libSQL driver");
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.isBeforeFirst is not supported by the libSQL driver");
  }

  @Override
  public boolean isClosed() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.isClosed is not supported by the libSQL driver");
  }

  @Override
  public boolean isFirst() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.isFirst is not supported by the libSQL driver");
  }

  @Override
  public boolean isLast() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.isLast is not supported by the libSQL driver");
  }

  @Override
  public boolean last() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.last is not supported by the libSQL driver");
  }

  @Override
  public boolean next() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.next is not supported by the libSQL driver");
  }

  @Override
  public boolean previous() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.previous is not supported by the libSQL driver");
  }

  @Override
  public boolean relative(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.relative is not supported by the libSQL driver");
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.rowDeleted is not supported by the libSQL driver");
  }

  @Override
  public boolean rowInserted() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.rowInserted is not supported by the libSQL driver");
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.rowUpdated is not supported by the libSQL driver");
  }

  @Override
  public boolean wasNull() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.wasNull is not supported by the libSQL driver");
  }

  @Override
  public byte getByte(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getByte is not supported by the libSQL driver");
  }

  @Override
  public byte getByte(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getByte is not supported by the libSQL driver");
  }

  @Override
  public byte[] getBytes(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBytes is not supported by the libSQL driver");
  }

  @Override
  public byte[] getBytes(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBytes is not supported by the libSQL driver");
  }

  @Override
  public double getDouble(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getDouble is not supported by the libSQL driver");
  }

  @Override
  public double getDouble(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getDouble is not supported by the libSQL driver");
  }

  @Override
  public float getFloat(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getFloat is not supported by the libSQL driver");
  }

  @Override
  public float getFloat(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getFloat is not supported by the libSQL driver");
  }

  @Override
  public int findColumn(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.findColumn is not supported by the libSQL driver");
  }

  @Override
  public int getConcurrency() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getConcurrency is not supported by the libSQL driver");
  }

  @Override
  public int getFetchDirection() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getFetchDirection is not supported by the libSQL driver");
  }

  @Override
  public int getFetchSize() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getFetchSize is not supported by the libSQL driver");
  }

  @Override
  public int getHoldability() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getHoldability is not supported by the libSQL driver");
  }

  @Override
  public int getInt(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getInt is not supported by the libSQL driver");
  }

  @Override
  public int getInt(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getInt is not supported by the libSQL driver");
  }

  @Override
  public int getRow() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getRow is not supported by the libSQL driver");
  }

  @Override
  public int getType() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getType is not supported by the libSQL driver");
  }

  @Override
  public java.io.InputStream getAsciiStream(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.InputStream getAsciiStream(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.InputStream getBinaryStream(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.InputStream getBinaryStream(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.InputStream getUnicodeStream(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getUnicodeStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.InputStream getUnicodeStream(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getUnicodeStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.Reader getCharacterStream(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.Reader getCharacterStream(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.Reader getNCharacterStream(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getNCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public java.io.Reader getNCharacterStream(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getNCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public Object getObject(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getObject is not supported by the libSQL driver");
  }

  @Override
  public Object getObject(int arg0, java.util.Map<String, Class<?>> arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getObject is not supported by the libSQL driver");
  }

  @Override
  public Object getObject(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getObject is not supported by the libSQL driver");
  }

  @Override
  public Object getObject(String arg0, java.util.Map<String, Class<?>> arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getObject is not supported by the libSQL driver");
  }

  @Override
  public String getCursorName() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getCursorName is not supported by the libSQL driver");
  }

  @Override
  public String getNString(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getNString is not supported by the libSQL driver");
  }

  @Override
  public String getNString(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getNString is not supported by the libSQL driver");
  }

  @Override
  public String getString(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getString is not supported by the libSQL driver");
  }

  @Override
  public String getString(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getString is not supported by the libSQL driver");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBigDecimal is not supported by the libSQL driver");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int arg0, int arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBigDecimal is not supported by the libSQL driver");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBigDecimal is not supported by the libSQL driver");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String arg0, int arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBigDecimal is not supported by the libSQL driver");
  }

  @Override
  public java.net.URL getURL(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getURL is not supported by the libSQL driver");
  }

  @Override
  public java.net.URL getURL(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getURL is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Array getArray(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getArray is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Array getArray(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getArray is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Blob getBlob(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBlob is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Blob getBlob(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getBlob is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Clob getClob(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getClob is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Clob getClob(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getClob is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Date getDate(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getDate is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Date getDate(int arg0, java.util.Calendar arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getDate is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Date getDate(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getDate is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Date getDate(String arg0, java.util.Calendar arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getDate is not supported by the libSQL driver");
  }

  @Override
  public java.sql.NClob getNClob(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getNClob is not supported by the libSQL driver");
  }

  @Override
  public java.sql.NClob getNClob(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getNClob is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Ref getRef(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getRef is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Ref getRef(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getRef is not supported by the libSQL driver");
  }

  @Override
  public java.sql.ResultSetMetaData getMetaData() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getMetaData is not supported by the libSQL driver");
  }

  @Override
  public java.sql.RowId getRowId(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getRowId is not supported by the libSQL driver");
  }

  @Override
  public java.sql.RowId getRowId(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getRowId is not supported by the libSQL driver");
  }

  @Override
  public java.sql.SQLWarning getWarnings() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getWarnings is not supported by the libSQL driver");
  }

  @Override
  public java.sql.SQLXML getSQLXML(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getSQLXML is not supported by the libSQL driver");
  }

  @Override
  public java.sql.SQLXML getSQLXML(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getSQLXML is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Statement getStatement() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getStatement is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Time getTime(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getTime is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Time getTime(int arg0, java.util.Calendar arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getTime is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Time getTime(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getTime is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Time getTime(String arg0, java.util.Calendar arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getTime is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Timestamp getTimestamp(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getTimestamp is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Timestamp getTimestamp(int arg0, java.util.Calendar arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getTimestamp is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Timestamp getTimestamp(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getTimestamp is not supported by the libSQL driver");
  }

  @Override
  public java.sql.Timestamp getTimestamp(String arg0, java.util.Calendar arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getTimestamp is not supported by the libSQL driver");
  }

  @Override
  public long getLong(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getLong is not supported by the libSQL driver");
  }

  @Override
  public long getLong(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getLong is not supported by the libSQL driver");
  }

  @Override
  public short getShort(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getShort is not supported by the libSQL driver");
  }

  @Override
  public short getShort(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.getShort is not supported by the libSQL driver");
  }

  @Override
  public void afterLast() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.afterLast is not supported by the libSQL driver");
  }

  @Override
  public void beforeFirst() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.beforeFirst is not supported by the libSQL driver");
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.cancelRowUpdates is not supported by the libSQL driver");
  }

  @Override
  public void clearWarnings() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.clearWarnings is not supported by the libSQL driver");
  }

  @Override
  public void close() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.close is not supported by the libSQL driver");
  }

  @Override
  public void deleteRow() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.deleteRow is not supported by the libSQL driver");
  }

  @Override
  public void insertRow() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.insertRow is not supported by the libSQL driver");
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.moveToCurrentRow is not supported by the libSQL driver");
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.moveToInsertRow is not supported by the libSQL driver");
  }

  @Override
  public void refreshRow() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.refreshRow is not supported by the libSQL driver");
  }

  @Override
  public void setFetchDirection(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.setFetchDirection is not supported by the libSQL driver");
  }

  @Override
  public void setFetchSize(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.setFetchSize is not supported by the libSQL driver");
  }

  @Override
  public void updateArray(int arg0, java.sql.Array arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateArray is not supported by the libSQL driver");
  }

  @Override
  public void updateArray(String arg0, java.sql.Array arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateArray is not supported by the libSQL driver");
  }

  @Override
  public void updateAsciiStream(int arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void updateAsciiStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void updateAsciiStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void updateAsciiStream(String arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void updateAsciiStream(String arg0, java.io.InputStream arg1, int arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void updateAsciiStream(String arg0, java.io.InputStream arg1, long arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateAsciiStream is not supported by the libSQL driver");
  }

  @Override
  public void updateBigDecimal(int arg0, java.math.BigDecimal arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBigDecimal is not supported by the libSQL driver");
  }

  @Override
  public void updateBigDecimal(String arg0, java.math.BigDecimal arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBigDecimal is not supported by the libSQL driver");
  }

  @Override
  public void updateBinaryStream(int arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void updateBinaryStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void updateBinaryStream(int arg0, java.io.InputStream arg1, long arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void updateBinaryStream(String arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void updateBinaryStream(String arg0, java.io.InputStream arg1, int arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void updateBinaryStream(String arg0, java.io.InputStream arg1, long arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBinaryStream is not supported by the libSQL driver");
  }

  @Override
  public void updateBlob(int arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBlob is not supported by the libSQL driver");
  }

  @Override
  public void updateBlob(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBlob is not supported by the libSQL driver");
  }

  @Override
  public void updateBlob(int arg0, java.sql.Blob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBlob is not supported by the libSQL driver");
  }

  @Override
  public void updateBlob(String arg0, java.io.InputStream arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBlob is not supported by the libSQL driver");
  }

  @Override
  public void updateBlob(String arg0, java.io.InputStream arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBlob is not supported by the libSQL driver");
  }

  @Override
  public void updateBlob(String arg0, java.sql.Blob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBlob is not supported by the libSQL driver");
  }

  @Override
  public void updateBoolean(int arg0, boolean arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBoolean is not supported by the libSQL driver");
  }

  @Override
  public void updateBoolean(String arg0, boolean arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBoolean is not supported by the libSQL driver");
  }

  @Override
  public void updateByte(int arg0, byte arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateByte is not supported by the libSQL driver");
  }

  @Override
  public void updateByte(String arg0, byte arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateByte is not supported by the libSQL driver");
  }

  @Override
  public void updateBytes(int arg0, byte[] arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBytes is not supported by the libSQL driver");
  }

  @Override
  public void updateBytes(String arg0, byte[] arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateBytes is not supported by the libSQL driver");
  }

  @Override
  public void updateCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateCharacterStream(int arg0, java.io.Reader arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateCharacterStream(String arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateCharacterStream(String arg0, java.io.Reader arg1, int arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateCharacterStream(String arg0, java.io.Reader arg1, long arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateClob(int arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateClob is not supported by the libSQL driver");
  }

  @Override
  public void updateClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateClob is not supported by the libSQL driver");
  }

  @Override
  public void updateClob(int arg0, java.sql.Clob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateClob is not supported by the libSQL driver");
  }

  @Override
  public void updateClob(String arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateClob is not supported by the libSQL driver");
  }

  @Override
  public void updateClob(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateClob is not supported by the libSQL driver");
  }

  @Override
  public void updateClob(String arg0, java.sql.Clob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateClob is not supported by the libSQL driver");
  }

  @Override
  public void updateDate(int arg0, java.sql.Date arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateDate is not supported by the libSQL driver");
  }

  @Override
  public void updateDate(String arg0, java.sql.Date arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateDate is not supported by the libSQL driver");
  }

  @Override
  public void updateDouble(int arg0, double arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateDouble is not supported by the libSQL driver");
  }

  @Override
  public void updateDouble(String arg0, double arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateDouble is not supported by the libSQL driver");
  }

  @Override
  public void updateFloat(int arg0, float arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateFloat is not supported by the libSQL driver");
  }

  @Override
  public void updateFloat(String arg0, float arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateFloat is not supported by the libSQL driver");
  }

  @Override
  public void updateInt(int arg0, int arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateInt is not supported by the libSQL driver");
  }

  @Override
  public void updateInt(String arg0, int arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateInt is not supported by the libSQL driver");
  }

  @Override
  public void updateLong(int arg0, long arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateLong is not supported by the libSQL driver");
  }

  @Override
  public void updateLong(String arg0, long arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateLong is not supported by the libSQL driver");
  }

  @Override
  public void updateNCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateNCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateNCharacterStream(String arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateNCharacterStream(String arg0, java.io.Reader arg1, long arg2)
      throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNCharacterStream is not supported by the libSQL driver");
  }

  @Override
  public void updateNClob(int arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNClob is not supported by the libSQL driver");
  }

  @Override
  public void updateNClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNClob is not supported by the libSQL driver");
  }

  @Override
  public void updateNClob(int arg0, java.sql.NClob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNClob is not supported by the libSQL driver");
  }

  @Override
  public void updateNClob(String arg0, java.io.Reader arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNClob is not supported by the libSQL driver");
  }

  @Override
  public void updateNClob(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNClob is not supported by the libSQL driver");
  }

  @Override
  public void updateNClob(String arg0, java.sql.NClob arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNClob is not supported by the libSQL driver");
  }

  @Override
  public void updateNString(int arg0, String arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNString is not supported by the libSQL driver");
  }

  @Override
  public void updateNString(String arg0, String arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNString is not supported by the libSQL driver");
  }

  @Override
  public void updateNull(int arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNull is not supported by the libSQL driver");
  }

  @Override
  public void updateNull(String arg0) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateNull is not supported by the libSQL driver");
  }

  @Override
  public void updateObject(int arg0, Object arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateObject is not supported by the libSQL driver");
  }

  @Override
  public void updateObject(int arg0, Object arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateObject is not supported by the libSQL driver");
  }

  @Override
  public void updateObject(String arg0, Object arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateObject is not supported by the libSQL driver");
  }

  @Override
  public void updateObject(String arg0, Object arg1, int arg2) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateObject is not supported by the libSQL driver");
  }

  @Override
  public void updateRef(int arg0, java.sql.Ref arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateRef is not supported by the libSQL driver");
  }

  @Override
  public void updateRef(String arg0, java.sql.Ref arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateRef is not supported by the libSQL driver");
  }

  @Override
  public void updateRow() throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateRow is not supported by the libSQL driver");
  }

  @Override
  public void updateRowId(int arg0, java.sql.RowId arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateRowId is not supported by the libSQL driver");
  }

  @Override
  public void updateRowId(String arg0, java.sql.RowId arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateRowId is not supported by the libSQL driver");
  }

  @Override
  public void updateSQLXML(int arg0, java.sql.SQLXML arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateSQLXML is not supported by the libSQL driver");
  }

  @Override
  public void updateSQLXML(String arg0, java.sql.SQLXML arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateSQLXML is not supported by the libSQL driver");
  }

  @Override
  public void updateShort(int arg0, short arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateShort is not supported by the libSQL driver");
  }

  @Override
  public void updateShort(String arg0, short arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateShort is not supported by the libSQL driver");
  }

  @Override
  public void updateString(int arg0, String arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateString is not supported by the libSQL driver");
  }

  @Override
  public void updateString(String arg0, String arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateString is not supported by the libSQL driver");
  }

  @Override
  public void updateTime(int arg0, java.sql.Time arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateTime is not supported by the libSQL driver");
  }

  @Override
  public void updateTime(String arg0, java.sql.Time arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateTime is not supported by the libSQL driver");
  }

  @Override
  public void updateTimestamp(int arg0, java.sql.Timestamp arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateTimestamp is not supported by the libSQL driver");
  }

  @Override
  public void updateTimestamp(String arg0, java.sql.Timestamp arg1) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "ResultSet.updateTimestamp is not supported by the libSQL driver");
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
