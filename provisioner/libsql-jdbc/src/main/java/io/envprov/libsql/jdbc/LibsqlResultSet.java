package io.envprov.libsql.jdbc;

import io.envprov.libsql.hrana.HranaResult;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A forward-only, read-only result set over rows that arrived in full with the Hrana response.
 * Getters convert between SQLite's storage classes as SQLite users expect: numbers from text,
 * booleans from 0/1 or text, timestamps from {@code yyyy-MM-dd HH:mm:ss[.fff]} text or epoch
 * milliseconds.
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

  private @Nullable Object value(int index) throws SQLException {
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
  public @Nullable Object getObject(int index) throws SQLException {
    return value(index);
  }

  @Override
  public @Nullable String getString(int index) throws SQLException {
    Object value = value(index);
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
      return number.toString(); // "1.0", as SQLite prints a REAL
    }
    return value.toString();
  }

  @Override
  public @Nullable String getNString(int index) throws SQLException {
    return getString(index);
  }

  @Override
  public boolean getBoolean(int index) throws SQLException {
    Object value = value(index);
    if (value == null) {
      return false;
    }
    if (value instanceof Number number) {
      return number.doubleValue() != 0;
    }
    String text =
        value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
    String lower = text.trim().toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("t") || lower.equals("yes") || lower.equals("y")) {
      return true;
    }
    if (lower.equals("false") || lower.equals("f") || lower.equals("no") || lower.equals("n")) {
      return false;
    }
    return numeric(value, index).doubleValue() != 0;
  }

  @Override
  public byte getByte(int index) throws SQLException {
    return (byte) getLong(index);
  }

  @Override
  public short getShort(int index) throws SQLException {
    return (short) getLong(index);
  }

  @Override
  public int getInt(int index) throws SQLException {
    return (int) getLong(index);
  }

  @Override
  public long getLong(int index) throws SQLException {
    Object value = value(index);
    if (value == null) {
      return 0;
    }
    Number number = numeric(value, index);
    return number instanceof BigDecimal decimal ? decimal.longValue() : number.longValue();
  }

  @Override
  public float getFloat(int index) throws SQLException {
    return (float) getDouble(index);
  }

  @Override
  public double getDouble(int index) throws SQLException {
    Object value = value(index);
    return value == null ? 0 : numeric(value, index).doubleValue();
  }

  @Override
  public @Nullable BigDecimal getBigDecimal(int index) throws SQLException {
    Object value = value(index);
    if (value == null) {
      return null;
    }
    Number number = numeric(value, index);
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    return number instanceof Long
        ? BigDecimal.valueOf(number.longValue())
        : BigDecimal.valueOf(number.doubleValue());
  }

  @Override
  @Deprecated
  public @Nullable BigDecimal getBigDecimal(int index, int scale) throws SQLException {
    BigDecimal value = getBigDecimal(index);
    return value == null ? null : value.setScale(scale, java.math.RoundingMode.HALF_UP);
  }

  @Override
  public byte @Nullable [] getBytes(int index) throws SQLException {
    Object value = value(index);
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public @Nullable InputStream getBinaryStream(int index) throws SQLException {
    byte[] bytes = getBytes(index);
    return bytes == null ? null : new ByteArrayInputStream(bytes);
  }

  @Override
  public @Nullable Reader getCharacterStream(int index) throws SQLException {
    String text = getString(index);
    return text == null ? null : new StringReader(text);
  }

  @Override
  public @Nullable Timestamp getTimestamp(int index) throws SQLException {
    LocalDateTime dateTime = localDateTime(index);
    return dateTime == null ? null : Timestamp.valueOf(dateTime);
  }

  @Override
  public @Nullable Timestamp getTimestamp(int index, Calendar calendar) throws SQLException {
    return getTimestamp(index);
  }

  @Override
  public @Nullable Date getDate(int index) throws SQLException {
    LocalDateTime dateTime = localDateTime(index);
    return dateTime == null ? null : Date.valueOf(dateTime.toLocalDate());
  }

  @Override
  public @Nullable Date getDate(int index, Calendar calendar) throws SQLException {
    return getDate(index);
  }

  @Override
  public @Nullable Time getTime(int index) throws SQLException {
    Object value = value(index);
    if (value == null) {
      return null;
    }
    if (value instanceof String text && text.length() <= 12 && text.indexOf(':') > 0) {
      try {
        return Time.valueOf(LocalTime.parse(text));
      } catch (DateTimeParseException e) {
        throw new SQLException("'" + text + "' is not a time", "22007", e);
      }
    }
    LocalDateTime dateTime = localDateTime(index);
    return dateTime == null ? null : Time.valueOf(dateTime.toLocalTime());
  }

  @Override
  public @Nullable Time getTime(int index, Calendar calendar) throws SQLException {
    return getTime(index);
  }

  private @Nullable LocalDateTime localDateTime(int index) throws SQLException {
    Object value = value(index);
    if (value == null) {
      return null;
    }
    if (value instanceof Long millis) {
      return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
    if (value instanceof Double days) {
      // a Julian day number, as SQLite's julianday() returns
      long millis = Math.round((days - 2440587.5) * 86_400_000d);
      return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
    String text =
        value instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : value.toString();
    return parseDateTime(text.trim());
  }

  static LocalDateTime parseDateTime(String text) throws SQLException {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay();
      }
      String normalized = text.replace(' ', 'T');
      if (normalized.endsWith("Z") || normalized.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(normalized)
            .withOffsetSameInstant(ZoneOffset.UTC)
            .toLocalDateTime();
      }
      return LocalDateTime.parse(normalized);
    } catch (DateTimeParseException e) {
      throw new SQLException("'" + text + "' is not a date or timestamp", "22007", e);
    }
  }

  private static Number numeric(Object value, int index) throws SQLException {
    if (value instanceof Number number) {
      return number;
    }
    String text =
        value instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : value.toString();
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new SQLException("column " + index + " is not a number: '" + text + "'", "22018", e);
    }
  }

  @Override
  public <T> @Nullable T getObject(int index, Class<T> type) throws SQLException {
    Object value = value(index);
    if (value == null) {
      return null;
    }
    Object converted;
    if (type == String.class) {
      converted = getString(index);
    } else if (type == Long.class) {
      converted = getLong(index);
    } else if (type == Integer.class) {
      converted = getInt(index);
    } else if (type == Short.class) {
      converted = getShort(index);
    } else if (type == Byte.class) {
      converted = getByte(index);
    } else if (type == Double.class) {
      converted = getDouble(index);
    } else if (type == Float.class) {
      converted = getFloat(index);
    } else if (type == Boolean.class) {
      converted = getBoolean(index);
    } else if (type == BigDecimal.class) {
      converted = getBigDecimal(index);
    } else if (type == BigInteger.class) {
      BigDecimal decimal = getBigDecimal(index);
      converted = decimal == null ? null : decimal.toBigInteger();
    } else if (type == byte[].class) {
      converted = getBytes(index);
    } else if (type == UUID.class) {
      converted = UUID.fromString(getString(index));
    } else if (type == LocalDateTime.class) {
      converted = localDateTime(index);
    } else if (type == LocalDate.class) {
      LocalDateTime dateTime = localDateTime(index);
      converted = dateTime == null ? null : dateTime.toLocalDate();
    } else if (type == LocalTime.class) {
      Time time = getTime(index);
      converted = time == null ? null : time.toLocalTime();
    } else if (type == OffsetDateTime.class) {
      LocalDateTime dateTime = localDateTime(index);
      converted = dateTime == null ? null : dateTime.atOffset(ZoneOffset.UTC);
    } else if (type == Instant.class) {
      LocalDateTime dateTime = localDateTime(index);
      converted = dateTime == null ? null : dateTime.toInstant(ZoneOffset.UTC);
    } else if (type == Timestamp.class) {
      converted = getTimestamp(index);
    } else if (type == Date.class) {
      converted = getDate(index);
    } else if (type == Time.class) {
      converted = getTime(index);
    } else if (type.isInstance(value)) {
      converted = value;
    } else {
      throw new SQLException("cannot convert column " + index + " to " + type.getName(), "22023");
    }
    return type.cast(converted);
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
  public int getType() {
    return TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() {
    return CONCUR_READ_ONLY;
  }

  @Override
  public int getHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public int getFetchDirection() {
    return FETCH_FORWARD;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    if (direction != FETCH_FORWARD) {
      throw new java.sql.SQLFeatureNotSupportedException("only FETCH_FORWARD is supported");
    }
  }

  @Override
  public int getFetchSize() {
    return result.rows().size();
  }

  @Override
  public void setFetchSize(int rows) {}

  @Override
  public @Nullable SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {}

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the result set is closed", "24000");
    }
  }
}
