package io.envprov.driver.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How to open a JDBC connection with one credential.
 *
 * @param jdbcUrl the URL, never carrying a secret
 * @param properties connection properties; the secret, if any, is under {@code password}
 */
public record ConnectionSpec(String jdbcUrl, Map<String, String> properties) {

  private static final Set<String> SECRET_KEYS = Set.of("password", "authToken", "token");

  public ConnectionSpec {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    properties = Map.copyOf(properties);
  }

  /** The properties as {@link Properties} for {@link java.sql.DriverManager}. */
  public Properties toProperties() {
    Properties result = new Properties();
    result.putAll(properties);
    return result;
  }

  @Override
  public String toString() {
    StringBuilder shown = new StringBuilder();
    properties.forEach(
        (key, value) ->
            shown
                .append(shown.length() == 0 ? "" : ", ")
                .append(key)
                .append('=')
                .append(SECRET_KEYS.contains(key) ? "***" : value));
    return "ConnectionSpec[jdbcUrl=" + jdbcUrl + ", properties={" + shown + "}]";
  }
}
