package io.envprov.libsql.jdbc;

import static io.envprov.libsql.jdbc.Unsupported.unsupported;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.util.Map;

/**
 * The methods of {@link java.sql.Connection} the driver refuses: callable statements, locator
 * objects ({@code Blob}, {@code Clob}, {@code Array}, ...) and type maps.
 */
abstract class JdbcConnectionBase implements java.sql.Connection {

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw unsupported("Connection.createArrayOf");
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw unsupported("Connection.createBlob");
  }

  @Override
  public Clob createClob() throws SQLException {
    throw unsupported("Connection.createClob");
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw unsupported("Connection.createNClob");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw unsupported("Connection.createSQLXML");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw unsupported("Connection.createStruct");
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw unsupported("Connection.prepareCall");
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
    throw unsupported("Connection.prepareCall");
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    throw unsupported("Connection.prepareCall");
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    throw unsupported("Connection.setTypeMap");
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
