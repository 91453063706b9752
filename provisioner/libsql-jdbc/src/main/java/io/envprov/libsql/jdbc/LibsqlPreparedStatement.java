package io.envprov.libsql.jdbc;

import static io.envprov.libsql.jdbc.Unsupported.unsupported;

import io.envprov.libsql.hrana.HranaStatement;
import io.envprov.libsql.hrana.HranaValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A prepared statement. Parameters are bound on the server by position: {@code ?}, {@code ?NNN} and
 * named parameters ({@code :name}, {@code @name}, {@code $name}) all have the positions SQLite
 * gives them, so {@code setX(index, ...)} works for every style. Named parameters can also be bound
 * by name with {@link #setNamed(String, Object)} (unwrap to this class); both styles cannot be
 * mixed in one execution. The SQL is sent with every execution (Hrana over HTTP keeps no prepared
 * statements across requests).
 */
public final class LibsqlPreparedStatement extends LibsqlStatement implements PreparedStatement {

  private static final Object UNSET = new Object();

  private final String sql;
  private final TreeMap<Integer, @Nullable Object> positional = new TreeMap<>();
  private final Map<String, @Nullable Object> named = new LinkedHashMap<>();

  LibsqlPreparedStatement(LibsqlConnection connection, String sql) {
    super(connection);
    this.sql = sql;
  }

  /**
   * Binds a named parameter by its name, with or without its prefix ({@code :id} or {@code id}).
   *
   * @param name the parameter's name as written in the SQL
   * @param value null, a number, a string, bytes or a value {@link HranaValues} can convert
   */
  public void setNamed(String name, @Nullable Object value) throws SQLException {
    checkOpen();
    String key = name.isEmpty() || ":@$".indexOf(name.charAt(0)) >= 0 ? name : ":" + name;
    named.put(key, HranaValues.normalize(value));
  }

  private HranaStatement statement(boolean wantRows) throws SQLException {
    if (!named.isEmpty() && !positional.isEmpty()) {
      throw new SQLException("bind parameters either by index or by name, not both", "22023");
    }
    List<@Nullable Object> args = new ArrayList<>();
    if (!positional.isEmpty()) {
      int last = positional.lastKey();
      for (int i = 1; i <= last; i++) {
        Object value = positional.getOrDefault(i, UNSET);
        if (value == UNSET) {
          throw new SQLException("parameter " + i + " is not set", "07001");
        }
        args.add(value);
      }
    }
    return new HranaStatement(sql, args, named, wantRows);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    execute(statement(true));
    return currentOrEmptyResultSet();
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) executeLargeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    execute(statement(false));
    long count = getLargeUpdateCount();
    return Math.max(count, 0);
  }

  @Override
  public boolean execute() throws SQLException {
    return execute(statement(true));
  }

  @Override
  public void addBatch() throws SQLException {
    addToBatch(statement(false));
  }

  /**
   * Ignored once the statement is known to be open: the batch of a prepared statement holds
   * executions of its own SQL only (JDBC drivers usually refuse the call).
   */
  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    positional.clear();
    named.clear();
  }

  @Override
  public @Nullable ResultSetMetaData getMetaData() {
    return null; // known only after execution: use the result set's metadata
  }

  /** The one way every {@code setX} binds: {@code value} is normalized by {@link HranaValues}. */
  @Override
  public void setObject(int index, @Nullable Object value) throws SQLException {
    checkOpen();
    if (index < 1) {
      throw new SQLException("parameter indexes start at 1", "22023");
    }
    positional.put(index, HranaValues.normalize(value));
  }

  @Override
  public void setNull(int index, int sqlType) throws SQLException {
    setObject(index, null);
  }

  @Override
  public void setNull(int index, int sqlType, String typeName) throws SQLException {
    setObject(index, null);
  }

  @Override
  public void setBoolean(int index, boolean value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setByte(int index, byte value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setShort(int index, short value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setInt(int index, int value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setLong(int index, long value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setFloat(int index, float value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setDouble(int index, double value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setBigDecimal(int index, @Nullable BigDecimal value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setString(int index, @Nullable String value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setNString(int index, @Nullable String value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setBytes(int index, byte @Nullable [] value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setDate(int index, @Nullable Date value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setDate(int index, @Nullable Date value, Calendar calendar) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setTime(int index, @Nullable Time value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setTime(int index, @Nullable Time value, Calendar calendar) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setTimestamp(int index, @Nullable Timestamp value) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setTimestamp(int index, @Nullable Timestamp value, Calendar calendar)
      throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setObject(int index, @Nullable Object value, int targetSqlType) throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setObject(int index, @Nullable Object value, int targetSqlType, int scale)
      throws SQLException {
    setObject(index, value);
  }

  @Override
  public void setCharacterStream(int index, @Nullable Reader reader) throws SQLException {
    setObject(index, reader == null ? null : read(reader));
  }

  @Override
  public void setCharacterStream(int index, @Nullable Reader reader, int length)
      throws SQLException {
    setCharacterStream(index, reader);
  }

  @Override
  public void setCharacterStream(int index, @Nullable Reader reader, long length)
      throws SQLException {
    setCharacterStream(index, reader);
  }

  @Override
  public void setBinaryStream(int index, @Nullable InputStream stream) throws SQLException {
    setObject(index, stream == null ? null : read(stream));
  }

  @Override
  public void setBinaryStream(int index, @Nullable InputStream stream, int length)
      throws SQLException {
    setBinaryStream(index, stream);
  }

  @Override
  public void setBinaryStream(int index, @Nullable InputStream stream, long length)
      throws SQLException {
    setBinaryStream(index, stream);
  }

  @Override
  public void setAsciiStream(int index, @Nullable InputStream stream) throws SQLException {
    setObject(index, stream == null ? null : new String(read(stream), StandardCharsets.US_ASCII));
  }

  @Override
  public void setAsciiStream(int index, @Nullable InputStream stream, int length)
      throws SQLException {
    setAsciiStream(index, stream);
  }

  @Override
  public void setAsciiStream(int index, @Nullable InputStream stream, long length)
      throws SQLException {
    setAsciiStream(index, stream);
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    throw unsupported("PreparedStatement.getParameterMetaData");
  }

  @Override
  public void setArray(int parameter, Array value) throws SQLException {
    throw unsupported("PreparedStatement.setArray");
  }

  @Override
  public void setBlob(int parameter, InputStream value) throws SQLException {
    throw unsupported("PreparedStatement.setBlob");
  }

  @Override
  public void setBlob(int parameter, Blob value) throws SQLException {
    throw unsupported("PreparedStatement.setBlob");
  }

  @Override
  public void setBlob(int parameter, InputStream value, long length) throws SQLException {
    throw unsupported("PreparedStatement.setBlob");
  }

  @Override
  public void setClob(int parameter, Reader value) throws SQLException {
    throw unsupported("PreparedStatement.setClob");
  }

  @Override
  public void setClob(int parameter, Clob value) throws SQLException {
    throw unsupported("PreparedStatement.setClob");
  }

  @Override
  public void setClob(int parameter, Reader value, long length) throws SQLException {
    throw unsupported("PreparedStatement.setClob");
  }

  @Override
  public void setNCharacterStream(int parameter, Reader value) throws SQLException {
    throw unsupported("PreparedStatement.setNCharacterStream");
  }

  @Override
  public void setNCharacterStream(int parameter, Reader value, long length) throws SQLException {
    throw unsupported("PreparedStatement.setNCharacterStream");
  }

  @Override
  public void setNClob(int parameter, Reader value) throws SQLException {
    throw unsupported("PreparedStatement.setNClob");
  }

  @Override
  public void setNClob(int parameter, NClob value) throws SQLException {
    throw unsupported("PreparedStatement.setNClob");
  }

  @Override
  public void setNClob(int parameter, Reader value, long length) throws SQLException {
    throw unsupported("PreparedStatement.setNClob");
  }

  @Override
  public void setRef(int parameter, Ref value) throws SQLException {
    throw unsupported("PreparedStatement.setRef");
  }

  @Override
  public void setRowId(int parameter, RowId value) throws SQLException {
    throw unsupported("PreparedStatement.setRowId");
  }

  @Override
  public void setSQLXML(int parameter, SQLXML value) throws SQLException {
    throw unsupported("PreparedStatement.setSQLXML");
  }

  @Override
  public void setURL(int parameter, URL value) throws SQLException {
    throw unsupported("PreparedStatement.setURL");
  }

  @Override
  public void setUnicodeStream(int parameter, InputStream value, int length) throws SQLException {
    throw unsupported("PreparedStatement.setUnicodeStream");
  }

  private static String read(Reader reader) throws SQLException {
    try {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n; (n = reader.read(buffer)) > 0; ) {
        text.append(buffer, 0, n);
      }
      return text.toString();
    } catch (IOException e) {
      throw new SQLException("cannot read the parameter's characters", "22000", e);
    }
  }

  private static byte[] read(InputStream stream) throws SQLException {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new SQLException("cannot read the parameter's bytes", "22000", e);
    }
  }
}
