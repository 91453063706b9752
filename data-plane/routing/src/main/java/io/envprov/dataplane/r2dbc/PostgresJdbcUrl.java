package io.envprov.dataplane.r2dbc;

import io.envprov.dataplane.DataPlaneException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parts of a {@code jdbc:postgresql://host[:port]/database[?params]} URL that R2DBC needs. */
record PostgresJdbcUrl(String host, int port, String database, Map<String, String> parameters) {

  private static final String PREFIX = "jdbc:postgresql://";

  static PostgresJdbcUrl parse(String jdbcUrl) {
    if (!jdbcUrl.startsWith(PREFIX)) {
      throw new DataPlaneException("not a PostgreSQL JDBC URL: " + jdbcUrl);
    }
    URI uri = URI.create("postgresql://" + jdbcUrl.substring(PREFIX.length()));
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (uri.getHost() == null || path.length() < 2) {
      throw new DataPlaneException(
          "a PostgreSQL JDBC URL with one host and a database is needed for R2DBC: " + jdbcUrl);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
        }
      }
    }
    return new PostgresJdbcUrl(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        decode(path.substring(1)),
        Map.copyOf(parameters));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
