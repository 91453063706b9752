package io.envprov.libsql.jdbc;

import static io.envprov.libsql.jdbc.Unsupported.unsupported;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * The part of {@link ResultSet} a read-only result set refuses: every updater and row change throws
 * {@link java.sql.SQLFeatureNotSupportedException} (the driver's result sets are {@code
 * CONCUR_READ_ONLY}).
 */
interface ReadOnlyResultSet extends ResultSet {

  default void cancelRowUpdates() throws SQLException {
    throw unsupported("ResultSet.cancelRowUpdates");
  }

  default void deleteRow() throws SQLException {
    throw unsupported("ResultSet.deleteRow");
  }

  default void insertRow() throws SQLException {
    throw unsupported("ResultSet.insertRow");
  }

  default void moveToCurrentRow() throws SQLException {
    throw unsupported("ResultSet.moveToCurrentRow");
  }

  default void moveToInsertRow() throws SQLException {
    throw unsupported("ResultSet.moveToInsertRow");
  }

  default void refreshRow() throws SQLException {
    throw unsupported("ResultSet.refreshRow");
  }

  default boolean rowDeleted() throws SQLException {
    throw unsupported("ResultSet.rowDeleted");
  }

  default boolean rowInserted() throws SQLException {
    throw unsupported("ResultSet.rowInserted");
  }

  default boolean rowUpdated() throws SQLException {
    throw unsupported("ResultSet.rowUpdated");
  }

  default void updateArray(String label, Array value) throws SQLException {
    throw unsupported("ResultSet.updateArray");
  }

  default void updateArray(int column, Array value) throws SQLException {
    throw unsupported("ResultSet.updateArray");
  }

  default void updateAsciiStream(String label, InputStream value) throws SQLException {
    throw unsupported("ResultSet.updateAsciiStream");
  }

  default void updateAsciiStream(int column, InputStream value) throws SQLException {
    throw unsupported("ResultSet.updateAsciiStream");
  }

  default void updateAsciiStream(String label, InputStream value, int length) throws SQLException {
    throw unsupported("ResultSet.updateAsciiStream");
  }

  default void updateAsciiStream(String label, InputStream value, long length) throws SQLException {
    throw unsupported("ResultSet.updateAsciiStream");
  }

  default void updateAsciiStream(int column, InputStream value, int length) throws SQLException {
    throw unsupported("ResultSet.updateAsciiStream");
  }

  default void updateAsciiStream(int column, InputStream value, long length) throws SQLException {
    throw unsupported("ResultSet.updateAsciiStream");
  }

  default void updateBigDecimal(String label, BigDecimal value) throws SQLException {
    throw unsupported("ResultSet.updateBigDecimal");
  }

  default void updateBigDecimal(int column, BigDecimal value) throws SQLException {
    throw unsupported("ResultSet.updateBigDecimal");
  }

  default void updateBinaryStream(String label, InputStream value) throws SQLException {
    throw unsupported("ResultSet.updateBinaryStream");
  }

  default void updateBinaryStream(int column, InputStream value) throws SQLException {
    throw unsupported("ResultSet.updateBinaryStream");
  }

  default void updateBinaryStream(String label, InputStream value, int length) throws SQLException {
    throw unsupported("ResultSet.updateBinaryStream");
  }

  default void updateBinaryStream(String label, InputStream value, long length)
      throws SQLException {
    throw unsupported("ResultSet.updateBinaryStream");
  }

  default void updateBinaryStream(int column, InputStream value, int length) throws SQLException {
    throw unsupported("ResultSet.updateBinaryStream");
  }

  default void updateBinaryStream(int column, InputStream value, long length) throws SQLException {
    throw unsupported("ResultSet.updateBinaryStream");
  }

  default void updateBlob(String label, InputStream value) throws SQLException {
    throw unsupported("ResultSet.updateBlob");
  }

  default void updateBlob(String label, Blob value) throws SQLException {
    throw unsupported("ResultSet.updateBlob");
  }

  default void updateBlob(int column, InputStream value) throws SQLException {
    throw unsupported("ResultSet.updateBlob");
  }

  default void updateBlob(int column, Blob value) throws SQLException {
    throw unsupported("ResultSet.updateBlob");
  }

  default void updateBlob(String label, InputStream value, long length) throws SQLException {
    throw unsupported("ResultSet.updateBlob");
  }

  default void updateBlob(int column, InputStream value, long length) throws SQLException {
    throw unsupported("ResultSet.updateBlob");
  }

  default void updateBoolean(String label, boolean value) throws SQLException {
    throw unsupported("ResultSet.updateBoolean");
  }

  default void updateBoolean(int column, boolean value) throws SQLException {
    throw unsupported("ResultSet.updateBoolean");
  }

  default void updateByte(String label, byte value) throws SQLException {
    throw unsupported("ResultSet.updateByte");
  }

  default void updateByte(int column, byte value) throws SQLException {
    throw unsupported("ResultSet.updateByte");
  }

  default void updateBytes(String label, byte[] value) throws SQLException {
    throw unsupported("ResultSet.updateBytes");
  }

  default void updateBytes(int column, byte[] value) throws SQLException {
    throw unsupported("ResultSet.updateBytes");
  }

  default void updateCharacterStream(String label, Reader value) throws SQLException {
    throw unsupported("ResultSet.updateCharacterStream");
  }

  default void updateCharacterStream(int column, Reader value) throws SQLException {
    throw unsupported("ResultSet.updateCharacterStream");
  }

  default void updateCharacterStream(String label, Reader value, int length) throws SQLException {
    throw unsupported("ResultSet.updateCharacterStream");
  }

  default void updateCharacterStream(String label, Reader value, long length) throws SQLException {
    throw unsupported("ResultSet.updateCharacterStream");
  }

  default void updateCharacterStream(int column, Reader value, int length) throws SQLException {
    throw unsupported("ResultSet.updateCharacterStream");
  }

  default void updateCharacterStream(int column, Reader value, long length) throws SQLException {
    throw unsupported("ResultSet.updateCharacterStream");
  }

  default void updateClob(String label, Reader value) throws SQLException {
    throw unsupported("ResultSet.updateClob");
  }

  default void updateClob(String label, Clob value) throws SQLException {
    throw unsupported("ResultSet.updateClob");
  }

  default void updateClob(int column, Reader value) throws SQLException {
    throw unsupported("ResultSet.updateClob");
  }

  default void updateClob(int column, Clob value) throws SQLException {
    throw unsupported("ResultSet.updateClob");
  }

  default void updateClob(String label, Reader value, long length) throws SQLException {
    throw unsupported("ResultSet.updateClob");
  }

  default void updateClob(int column, Reader value, long length) throws SQLException {
    throw unsupported("ResultSet.updateClob");
  }

  default void updateDate(String label, Date value) throws SQLException {
    throw unsupported("ResultSet.updateDate");
  }

  default void updateDate(int column, Date value) throws SQLException {
    throw unsupported("ResultSet.updateDate");
  }

  default void updateDouble(String label, double value) throws SQLException {
    throw unsupported("ResultSet.updateDouble");
  }

  default void updateDouble(int column, double value) throws SQLException {
    throw unsupported("ResultSet.updateDouble");
  }

  default void updateFloat(String label, float value) throws SQLException {
    throw unsupported("ResultSet.updateFloat");
  }

  default void updateFloat(int column, float value) throws SQLException {
    throw unsupported("ResultSet.updateFloat");
  }

  default void updateInt(String label, int value) throws SQLException {
    throw unsupported("ResultSet.updateInt");
  }

  default void updateInt(int column, int value) throws SQLException {
    throw unsupported("ResultSet.updateInt");
  }

  default void updateLong(String label, long length) throws SQLException {
    throw unsupported("ResultSet.updateLong");
  }

  default void updateLong(int column, long length) throws SQLException {
    throw unsupported("ResultSet.updateLong");
  }

  default void updateNCharacterStream(String label, Reader value) throws SQLException {
    throw unsupported("ResultSet.updateNCharacterStream");
  }

  default void updateNCharacterStream(int column, Reader value) throws SQLException {
    throw unsupported("ResultSet.updateNCharacterStream");
  }

  default void updateNCharacterStream(String label, Reader value, long length) throws SQLException {
    throw unsupported("ResultSet.updateNCharacterStream");
  }

  default void updateNCharacterStream(int column, Reader value, long length) throws SQLException {
    throw unsupported("ResultSet.updateNCharacterStream");
  }

  default void updateNClob(String label, Reader value) throws SQLException {
    throw unsupported("ResultSet.updateNClob");
  }

  default void updateNClob(String label, NClob value) throws SQLException {
    throw unsupported("ResultSet.updateNClob");
  }

  default void updateNClob(int column, Reader value) throws SQLException {
    throw unsupported("ResultSet.updateNClob");
  }

  default void updateNClob(int column, NClob value) throws SQLException {
    throw unsupported("ResultSet.updateNClob");
  }

  default void updateNClob(String label, Reader value, long length) throws SQLException {
    throw unsupported("ResultSet.updateNClob");
  }

  default void updateNClob(int column, Reader value, long length) throws SQLException {
    throw unsupported("ResultSet.updateNClob");
  }

  default void updateNString(String label, String value) throws SQLException {
    throw unsupported("ResultSet.updateNString");
  }

  default void updateNString(int column, String value) throws SQLException {
    throw unsupported("ResultSet.updateNString");
  }

  default void updateNull(String label) throws SQLException {
    throw unsupported("ResultSet.updateNull");
  }

  default void updateNull(int column) throws SQLException {
    throw unsupported("ResultSet.updateNull");
  }

  default void updateObject(String label, Object value) throws SQLException {
    throw unsupported("ResultSet.updateObject");
  }

  default void updateObject(int column, Object value) throws SQLException {
    throw unsupported("ResultSet.updateObject");
  }

  default void updateObject(String label, Object value, int length) throws SQLException {
    throw unsupported("ResultSet.updateObject");
  }

  default void updateObject(int column, Object value, int length) throws SQLException {
    throw unsupported("ResultSet.updateObject");
  }

  default void updateRef(String label, Ref value) throws SQLException {
    throw unsupported("ResultSet.updateRef");
  }

  default void updateRef(int column, Ref value) throws SQLException {
    throw unsupported("ResultSet.updateRef");
  }

  default void updateRow() throws SQLException {
    throw unsupported("ResultSet.updateRow");
  }

  default void updateRowId(String label, RowId value) throws SQLException {
    throw unsupported("ResultSet.updateRowId");
  }

  default void updateRowId(int column, RowId value) throws SQLException {
    throw unsupported("ResultSet.updateRowId");
  }

  default void updateSQLXML(String label, SQLXML value) throws SQLException {
    throw unsupported("ResultSet.updateSQLXML");
  }

  default void updateSQLXML(int column, SQLXML value) throws SQLException {
    throw unsupported("ResultSet.updateSQLXML");
  }

  default void updateShort(String label, short value) throws SQLException {
    throw unsupported("ResultSet.updateShort");
  }

  default void updateShort(int column, short value) throws SQLException {
    throw unsupported("ResultSet.updateShort");
  }

  default void updateString(String label, String value) throws SQLException {
    throw unsupported("ResultSet.updateString");
  }

  default void updateString(int column, String value) throws SQLException {
    throw unsupported("ResultSet.updateString");
  }

  default void updateTime(String label, Time value) throws SQLException {
    throw unsupported("ResultSet.updateTime");
  }

  default void updateTime(int column, Time value) throws SQLException {
    throw unsupported("ResultSet.updateTime");
  }

  default void updateTimestamp(String label, Timestamp value) throws SQLException {
    throw unsupported("ResultSet.updateTimestamp");
  }

  default void updateTimestamp(int column, Timestamp value) throws SQLException {
    throw unsupported("ResultSet.updateTimestamp");
  }
}
