package io.envprov.libsql.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The one conversion behind every getter of a result set: a non-null value of one of SQLite's
 * storage classes ({@code Long}, {@code Double}, {@code String}, {@code byte[]}) to the Java type
 * asked for, as SQLite users expect: numbers from text, booleans from 0/1 or text, timestamps from
 * {@code yyyy-MM-dd HH:mm:ss[.fff]} text, epoch milliseconds or Julian day numbers.
 */
final class ColumnValues {

  /** How a value becomes a type; {@code column} (from 1) is for error messages. */
  private interface Conversion {
    Object convert(Object value, int column) throws SQLException;
  }

  private static final Map<Class<?>, Conversion> CONVERSIONS =
      Map.ofEntries(
          Map.entry(String.class, (value, column) -> text(value)),
          Map.entry(Long.class, (value, column) -> number(value, column).longValue()),
          Map.entry(Integer.class, (value, column) -> (int) number(value, column).longValue()),
          Map.entry(Short.class, (value, column) -> (short) number(value, column).longValue()),
          Map.entry(Byte.class, (value, column) -> (byte) number(value, column).longValue()),
          Map.entry(Double.class, (value, column) -> number(value, column).doubleValue()),
          Map.entry(Float.class, (value, column) -> (float) number(value, column).doubleValue()),
          Map.entry(Boolean.class, ColumnValues::bool),
          Map.entry(BigDecimal.class, ColumnValues::decimal),
          Map.entry(BigInteger.class, (value, column) -> decimal(value, column).toBigInteger()),
          Map.entry(byte[].class, (value, column) -> bytes(value)),
          Map.entry(UUID.class, (value, column) -> UUID.fromString(text(value))),
          Map.entry(LocalDateTime.class, (value, column) -> dateTime(value)),
          Map.entry(LocalDate.class, (value, column) -> dateTime(value).toLocalDate()),
          // through Time, as getTime reads it: whole seconds
          Map.entry(LocalTime.class, (value, column) -> Time.valueOf(time(value)).toLocalTime()),
          Map.entry(OffsetDateTime.class, (value, column) -> utc(value)),
          Map.entry(Instant.class, (value, column) -> utc(value).toInstant()),
          Map.entry(Timestamp.class, (value, column) -> Timestamp.valueOf(dateTime(value))),
          Map.entry(Date.class, (value, column) -> Date.valueOf(dateTime(value).toLocalDate())),
          Map.entry(Time.class, (value, column) -> Time.valueOf(time(value))));

  private ColumnValues() {}

  /**
   * {@code value} as a {@code type}: one of the types above, or any type the value already is.
   *
   * @param column the column's index, from 1, for the error messages
   */
  static <T> T convert(Object value, Class<T> type, int column) throws SQLException {
    Conversion conversion = CONVERSIONS.get(type);
    if (conversion != null) {
      return type.cast(conversion.convert(value, column));
    }
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    throw new SQLException("cannot convert column " + column + " to " + type.getName(), "22023");
  }

  /** Text as stored, bytes as UTF-8, numbers as SQLite prints them ("1.0" for a REAL). */
  private static String text(Object value) {
    return value instanceof byte[] bytes
        ? new String(bytes, StandardCharsets.UTF_8)
        : value.toString();
  }

  private static byte[] bytes(Object value) {
    return value instanceof byte[] bytes ? bytes : text(value).getBytes(StandardCharsets.UTF_8);
  }

  private static Number number(Object value, int column) throws SQLException {
    if (value instanceof Number number) {
      return number;
    }
    String text = text(value);
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new SQLException("column " + column + " is not a number: '" + text + "'", "22018", e);
    }
  }

  private static BigDecimal decimal(Object value, int column) throws SQLException {
    Number number = number(value, column);
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    return number instanceof Long
        ? BigDecimal.valueOf(number.longValue())
        : BigDecimal.valueOf(number.doubleValue());
  }

  private static boolean bool(Object value, int column) throws SQLException {
    if (value instanceof Number number) {
      return number.doubleValue() != 0;
    }
    String lower = text(value).trim().toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("t") || lower.equals("yes") || lower.equals("y")) {
      return true;
    }
    if (lower.equals("false") || lower.equals("f") || lower.equals("no") || lower.equals("n")) {
      return false;
    }
    return number(value, column).doubleValue() != 0;
  }

  private static LocalTime time(Object value) throws SQLException {
    if (value instanceof String text && text.length() <= 12 && text.indexOf(':') > 0) {
      try {
        return LocalTime.parse(text);
      } catch (DateTimeParseException e) {
        throw new SQLException("'" + text + "' is not a time", "22007", e);
      }
    }
    return dateTime(value).toLocalTime();
  }

  private static OffsetDateTime utc(Object value) throws SQLException {
    return dateTime(value).atOffset(ZoneOffset.UTC);
  }

  private static LocalDateTime dateTime(Object value) throws SQLException {
    if (value instanceof Long millis) {
      return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
    if (value instanceof Double days) {
      // a Julian day number, as SQLite's julianday() returns
      long millis = Math.round((days - 2440587.5) * 86_400_000d);
      return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
    String text = text(value).trim();
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
}
