package io.envprov.libsql.jdbc;

import static io.envprov.libsql.jdbc.Unsupported.unsupported;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every read-only, forward-only result set of the driver shares: getters by label (they find
 * the column and use the getter by index), and the methods it refuses: scrolling, locators ({@code
 * Blob}, {@code Clob}, {@code Array}, ...), type maps. Updaters are refused by {@link
 * ReadOnlyResultSet}.
 */
@SuppressWarnings("deprecation")
abstract class JdbcResultSetBase implements ReadOnlyResultSet {

  @Override
  public @Nullable Object getObject(String label) throws SQLException {
    return getObject(findColumn(label));
  }

  @Override
  public <T> @Nullable T getObject(String label, Class<T> type) throws SQLException {
    return getObject(findColumn(label), type);
  }

  @Override
  public @Nullable String getString(String label) throws SQLException {
    return getString(findColumn(label));
  }

  @Override
  public @Nullable String getNString(String label) throws SQLException {
    return getString(findColumn(label));
  }

  @Override
  public boolean getBoolean(String label) throws SQLException {
    return getBoolean(findColumn(label));
  }

  @Override
  public byte getByte(String label) throws SQLException {
    return getByte(findColumn(label));
  }

  @Override
  public short getShort(String label) throws SQLException {
    return getShort(findColumn(label));
  }

  @Override
  public int getInt(String label) throws SQLException {
    return getInt(findColumn(label));
  }

  @Override
  public long getLong(String label) throws SQLException {
    return getLong(findColumn(label));
  }

  @Override
  public float getFloat(String label) throws SQLException {
    return getFloat(findColumn(label));
  }

  @Override
  public double getDouble(String label) throws SQLException {
    return getDouble(findColumn(label));
  }

  @Override
  public @Nullable BigDecimal getBigDecimal(String label) throws SQLException {
    return getBigDecimal(findColumn(label));
  }

  @Override
  @Deprecated
  public @Nullable BigDecimal getBigDecimal(String label, int scale) throws SQLException {
    return getBigDecimal(findColumn(label), scale);
  }

  @Override
  public byte @Nullable [] getBytes(String label) throws SQLException {
    return getBytes(findColumn(label));
  }

  @Override
  public @Nullable InputStream getBinaryStream(String label) throws SQLException {
    return getBinaryStream(findColumn(label));
  }

  @Override
  public @Nullable Reader getCharacterStream(String label) throws SQLException {
    return getCharacterStream(findColumn(label));
  }

  @Override
  public @Nullable Timestamp getTimestamp(String label) throws SQLException {
    return getTimestamp(findColumn(label));
  }

  @Override
  public @Nullable Timestamp getTimestamp(String label, Calendar calendar) throws SQLException {
    return getTimestamp(findColumn(label));
  }

  @Override
  public @Nullable Date getDate(String label) throws SQLException {
    return getDate(findColumn(label));
  }

  @Override
  public @Nullable Date getDate(String label, Calendar calendar) throws SQLException {
    return getDate(findColumn(label));
  }

  @Override
  public @Nullable Time getTime(String label) throws SQLException {
    return getTime(findColumn(label));
  }

  @Override
  public @Nullable Time getTime(String label, Calendar calendar) throws SQLException {
    return getTime(findColumn(label));
  }

  @Override
  public boolean absolute(int value) throws SQLException {
    throw unsupported("ResultSet.absolute");
  }

  @Override
  public void afterLast() throws SQLException {
    throw unsupported("ResultSet.afterLast");
  }

  @Override
  public void beforeFirst() throws SQLException {
    throw unsupported("ResultSet.beforeFirst");
  }

  @Override
  public boolean first() throws SQLException {
    throw unsupported("ResultSet.first");
  }

  @Override
  public Array getArray(String label) throws SQLException {
    throw unsupported("ResultSet.getArray");
  }

  @Override
  public Array getArray(int column) throws SQLException {
    throw unsupported("ResultSet.getArray");
  }

  @Override
  public InputStream getAsciiStream(String label) throws SQLException {
    throw unsupported("ResultSet.getAsciiStream");
  }

  @Override
  public InputStream getAsciiStream(int column) throws SQLException {
    throw unsupported("ResultSet.getAsciiStream");
  }

  @Override
  public Blob getBlob(String label) throws SQLException {
    throw unsupported("ResultSet.getBlob");
  }

  @Override
  public Blob getBlob(int column) throws SQLException {
    throw unsupported("ResultSet.getBlob");
  }

  @Override
  public Clob getClob(String label) throws SQLException {
    throw unsupported("ResultSet.getClob");
  }

  @Override
  public Clob getClob(int column) throws SQLException {
    throw unsupported("ResultSet.getClob");
  }

  @Override
  public String getCursorName() throws SQLException {
    throw unsupported("ResultSet.getCursorName");
  }

  @Override
  public Reader getNCharacterStream(String label) throws SQLException {
    throw unsupported("ResultSet.getNCharacterStream");
  }

  @Override
  public Reader getNCharacterStream(int column) throws SQLException {
    throw unsupported("ResultSet.getNCharacterStream");
  }

  @Override
  public NClob getNClob(String label) throws SQLException {
    throw unsupported("ResultSet.getNClob");
  }

  @Override
  public NClob getNClob(int column) throws SQLException {
    throw unsupported("ResultSet.getNClob");
  }

  @Override
  public Object getObject(String label, Map<String, Class<?>> value) throws SQLException {
    throw unsupported("ResultSet.getObject");
  }

  @Override
  public Object getObject(int column, Map<String, Class<?>> value) throws SQLException {
    throw unsupported("ResultSet.getObject");
  }

  @Override
  public Ref getRef(String label) throws SQLException {
    throw unsupported("ResultSet.getRef");
  }

  @Override
  public Ref getRef(int column) throws SQLException {
    throw unsupported("ResultSet.getRef");
  }

  @Override
  public RowId getRowId(String label) throws SQLException {
    throw unsupported("ResultSet.getRowId");
  }

  @Override
  public RowId getRowId(int column) throws SQLException {
    throw unsupported("ResultSet.getRowId");
  }

  @Override
  public SQLXML getSQLXML(String label) throws SQLException {
    throw unsupported("ResultSet.getSQLXML");
  }

  @Override
  public SQLXML getSQLXML(int column) throws SQLException {
    throw unsupported("ResultSet.getSQLXML");
  }

  @Override
  public URL getURL(String label) throws SQLException {
    throw unsupported("ResultSet.getURL");
  }

  @Override
  public URL getURL(int column) throws SQLException {
    throw unsupported("ResultSet.getURL");
  }

  @Override
  public InputStream getUnicodeStream(String label) throws SQLException {
    throw unsupported("ResultSet.getUnicodeStream");
  }

  @Override
  public InputStream getUnicodeStream(int column) throws SQLException {
    throw unsupported("ResultSet.getUnicodeStream");
  }

  @Override
  public boolean last() throws SQLException {
    throw unsupported("ResultSet.last");
  }

  @Override
  public boolean previous() throws SQLException {
    throw unsupported("ResultSet.previous");
  }

  @Override
  public boolean relative(int value) throws SQLException {
    throw unsupported("ResultSet.relative");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return Unsupported.unwrap(this, type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
