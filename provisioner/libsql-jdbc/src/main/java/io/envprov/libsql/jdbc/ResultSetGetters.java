package io.envprov.libsql.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import org.jspecify.annotations.Nullable;

/**
 * The typed getters of a {@link ResultSet}, all through one conversion: {@link #getObject(int,
 * Class)}. A getter by label finds the column and uses the getter by index; a getter of a primitive
 * answers SQL {@code NULL} with {@code 0} or {@code false}; a {@link Calendar} is ignored (the
 * driver reads times as UTC).
 */
interface ResultSetGetters extends ResultSet {

  @Override
  <T> @Nullable T getObject(int column, Class<T> type) throws SQLException;

  private static <T> T or(@Nullable T value, T whenNull) {
    return value == null ? whenNull : value;
  }

  default <T> @Nullable T getObject(String label, Class<T> type) throws SQLException {
    return getObject(findColumn(label), type);
  }

  default @Nullable Object getObject(String label) throws SQLException {
    return getObject(findColumn(label));
  }

  default @Nullable String getString(int column) throws SQLException {
    return getObject(column, String.class);
  }

  default @Nullable String getString(String label) throws SQLException {
    return getString(findColumn(label));
  }

  default @Nullable String getNString(int column) throws SQLException {
    return getString(column);
  }

  default @Nullable String getNString(String label) throws SQLException {
    return getString(findColumn(label));
  }

  default boolean getBoolean(int column) throws SQLException {
    return or(getObject(column, Boolean.class), false);
  }

  default boolean getBoolean(String label) throws SQLException {
    return getBoolean(findColumn(label));
  }

  default byte getByte(int column) throws SQLException {
    return or(getObject(column, Byte.class), (byte) 0);
  }

  default byte getByte(String label) throws SQLException {
    return getByte(findColumn(label));
  }

  default short getShort(int column) throws SQLException {
    return or(getObject(column, Short.class), (short) 0);
  }

  default short getShort(String label) throws SQLException {
    return getShort(findColumn(label));
  }

  default int getInt(int column) throws SQLException {
    return or(getObject(column, Integer.class), 0);
  }

  default int getInt(String label) throws SQLException {
    return getInt(findColumn(label));
  }

  default long getLong(int column) throws SQLException {
    return or(getObject(column, Long.class), 0L);
  }

  default long getLong(String label) throws SQLException {
    return getLong(findColumn(label));
  }

  default float getFloat(int column) throws SQLException {
    return or(getObject(column, Float.class), 0f);
  }

  default float getFloat(String label) throws SQLException {
    return getFloat(findColumn(label));
  }

  default double getDouble(int column) throws SQLException {
    return or(getObject(column, Double.class), 0d);
  }

  default double getDouble(String label) throws SQLException {
    return getDouble(findColumn(label));
  }

  default @Nullable BigDecimal getBigDecimal(int column) throws SQLException {
    return getObject(column, BigDecimal.class);
  }

  default @Nullable BigDecimal getBigDecimal(String label) throws SQLException {
    return getBigDecimal(findColumn(label));
  }

  @Deprecated
  default @Nullable BigDecimal getBigDecimal(int column, int scale) throws SQLException {
    BigDecimal value = getBigDecimal(column);
    return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
  }

  @Deprecated
  default @Nullable BigDecimal getBigDecimal(String label, int scale) throws SQLException {
    return getBigDecimal(findColumn(label), scale);
  }

  default byte @Nullable [] getBytes(int column) throws SQLException {
    return getObject(column, byte[].class);
  }

  default byte @Nullable [] getBytes(String label) throws SQLException {
    return getBytes(findColumn(label));
  }

  default @Nullable InputStream getBinaryStream(int column) throws SQLException {
    byte[] bytes = getBytes(column);
    return bytes == null ? null : new ByteArrayInputStream(bytes);
  }

  default @Nullable InputStream getBinaryStream(String label) throws SQLException {
    return getBinaryStream(findColumn(label));
  }

  default @Nullable Reader getCharacterStream(int column) throws SQLException {
    String text = getString(column);
    return text == null ? null : new StringReader(text);
  }

  default @Nullable Reader getCharacterStream(String label) throws SQLException {
    return getCharacterStream(findColumn(label));
  }

  default @Nullable Timestamp getTimestamp(int column) throws SQLException {
    return getObject(column, Timestamp.class);
  }

  default @Nullable Timestamp getTimestamp(String label) throws SQLException {
    return getTimestamp(findColumn(label));
  }

  default @Nullable Timestamp getTimestamp(int column, Calendar calendar) throws SQLException {
    return getTimestamp(column);
  }

  default @Nullable Timestamp getTimestamp(String label, Calendar calendar) throws SQLException {
    return getTimestamp(findColumn(label));
  }

  default @Nullable Date getDate(int column) throws SQLException {
    return getObject(column, Date.class);
  }

  default @Nullable Date getDate(String label) throws SQLException {
    return getDate(findColumn(label));
  }

  default @Nullable Date getDate(int column, Calendar calendar) throws SQLException {
    return getDate(column);
  }

  default @Nullable Date getDate(String label, Calendar calendar) throws SQLException {
    return getDate(findColumn(label));
  }

  default @Nullable Time getTime(int column) throws SQLException {
    return getObject(column, Time.class);
  }

  default @Nullable Time getTime(String label) throws SQLException {
    return getTime(findColumn(label));
  }

  default @Nullable Time getTime(int column, Calendar calendar) throws SQLException {
    return getTime(column);
  }

  default @Nullable Time getTime(String label, Calendar calendar) throws SQLException {
    return getTime(findColumn(label));
  }
}
