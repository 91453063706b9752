package io.envprov.libsql.hrana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Java values and Hrana's five value types. Integers travel as decimal strings so
 * that 64-bit values survive JSON; blobs as standard base64.
 *
 * <p>Beyond the five types, values a JDBC user commonly binds are stored the way SQLite users store
 * them: booleans as 0/1, {@link UUID}s and decimals as text, dates and times as ISO text in the
 * format of SQLite's {@code CURRENT_TIMESTAMP} ({@code yyyy-MM-dd HH:mm:ss[.SSS]}).
 */
public final class HranaValues {

  /** SQLite's own text format for timestamps, with optional fractions. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private HranaValues() {}

  /** The Hrana JSON of a Java value. */
  public static ObjectNode encode(@Nullable Object value) throws SQLException {
    ObjectNode node = JSON.objectNode();
    Object normalized = normalize(value);
    if (normalized == null) {
      node.put("type", "null");
    } else if (normalized instanceof Long number) {
      node.put("type", "integer").put("value", Long.toString(number));
    } else if (normalized instanceof Double number) {
      node.put("type", "float").put("value", number);
    } else if (normalized instanceof String text) {
      node.put("type", "text").put("value", text);
    } else {
      node.put("type", "blob")
          .put("base64", Base64.getEncoder().encodeToString((byte[]) normalized));
    }
    return node;
  }

  /** The Java value of a Hrana JSON value: null, Long, Double, String or byte[]. */
  public static @Nullable Object decode(JsonNode node) throws SQLException {
    String type = node.path("type").asText();
    return switch (type) {
      case "null" -> null;
      case "integer" -> Long.parseLong(node.path("value").asText());
      case "float" -> node.path("value").asDouble();
      case "text" -> node.path("value").asText();
      case "blob" -> Base64.getDecoder().decode(node.path("base64").asText(""));
      default ->
          throw new HranaException(
              "unknown Hrana value type '" + type + "'", "HY000", null, 200, null);
    };
  }

  /**
   * The value as one of the five storage classes (null, Long, Double, String, byte[]).
   *
   * @throws SQLException for a type that has no sensible SQLite form
   */
  public static @Nullable Object normalize(@Nullable Object value) throws SQLException {
    if (value == null
        || value instanceof Long
        || value instanceof Double
        || value instanceof String
        || value instanceof byte[]) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float number) {
      return number.doubleValue();
    }
    if (value instanceof Boolean bool) {
      return bool ? 1L : 0L;
    }
    if (value instanceof BigInteger number) {
      return number.bitLength() < 64 ? (Object) number.longValue() : number.toString();
    }
    if (value instanceof BigDecimal number) {
      return number.toPlainString();
    }
    if (value instanceof UUID || value instanceof Character || value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return TIMESTAMP.format(timestamp.toLocalDateTime());
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime().toString();
    }
    if (value instanceof LocalDateTime dateTime) {
      return TIMESTAMP.format(dateTime);
    }
    if (value instanceof LocalDate || value instanceof LocalTime) {
      return value.toString();
    }
    if (value instanceof Instant instant) {
      return TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
    if (value instanceof OffsetDateTime dateTime) {
      return TIMESTAMP.format(dateTime.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    throw new SQLException(
        "cannot bind a value of type " + value.getClass().getName() + " to libSQL", "22023");
  }
}
