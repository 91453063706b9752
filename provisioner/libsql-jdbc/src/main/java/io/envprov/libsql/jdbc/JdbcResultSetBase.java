package io.envprov.libsql.jdbc;

import static io.envprov.libsql.jdbc.Unsupported.unsupported;

import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.Map;

/**
 * What every read-only, forward-only result set of the driver shares: its fixed properties (type,
 * concurrency, holdability, fetch direction) and the methods it refuses: scrolling, locators
 * ({@code Blob}, {@code Clob}, {@code Array}, ...), type maps. Getters are in {@link
 * ResultSetGetters}, refused updaters in {@link ReadOnlyResultSet}.
 */
@SuppressWarnings("deprecation")
abstract class JdbcResultSetBase extends JdbcObject implements ReadOnlyResultSet, ResultSetGetters {

  @Override
  public int getType() {
    return TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() {
    return CONCUR_READ_ONLY;
  }

  @Override
  public int getHoldability() {
    return CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public int getFetchDirection() {
    return FETCH_FORWARD;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    Unsupported.checkFetchDirection(direction);
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
}
