package io.envprov.driver.spi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reading back which baseline version a database holds from Flyway's schema history, over plain
 * JDBC. The SQL is the driver's (its dialect), and so is the version order (the SPI has no Flyway):
 * a driver passes {@code MigrationVersion::fromVersion}.
 */
public final class SchemaHistory {

  /** Flyway's default history table. */
  public static final String TABLE = "flyway_schema_history";

  private SchemaHistory() {}

  /**
   * Whether the history table exists.
   *
   * @param lookup a catalog query with one parameter, the table's name, that returns a row when the
   *     table exists
   */
  public static boolean exists(Connection connection, String lookup) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(lookup)) {
      query.setString(1, TABLE);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * The highest of the versions {@code query} returns, compared as versions, not as text: "10" is
   * higher than "9". Empty when it returns none.
   *
   * @param query a query of one column, the versions applied successfully
   * @param version a version as the migration tool orders them
   */
  public static <V extends Comparable<? super V>> Optional<V> highestVersion(
      Connection connection, String query, Function<String, V> version) throws SQLException {
    @Nullable V highest = null;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        V each = version.apply(rows.getString(1));
        if (highest == null || each.compareTo(highest) > 0) {
          highest = each;
        }
      }
    }
    return Optional.ofNullable(highest);
  }
}
