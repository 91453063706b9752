package io.envprov.libsql.jdbc;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code jdbc:libsql:} URL.
 *
 * <p>Accepted forms: {@code jdbc:libsql://host[:port][?query]} (HTTPS, as the official clients
 * treat {@code libsql://}; add {@code tls=false} or {@code tls=0} for plain HTTP), and {@code
 * jdbc:libsql:http://...} or {@code jdbc:libsql:https://...} to name the scheme. Query parameters
 * and connection properties (properties win) are {@code namespace} (sent as {@code x-namespace})
 * and {@code authToken} (also read from {@code password} or {@code token}); a token in the URL is
 * refused so that it never ends up in logs.
 *
 * @param httpBase the HTTP base URL of the server
 * @param namespace the sqld namespace, if one is named
 * @param token the JWT, if one is given
 * @param timeoutSeconds the per-request timeout ({@code timeout} parameter, default 30)
 */
public record LibsqlUrl(
    URI httpBase, @Nullable String namespace, @Nullable String token, int timeoutSeconds) {

  /** The prefix every URL of this driver starts with. */
  public static final String PREFIX = "jdbc:libsql:";

  /** Whether the URL is one of this driver's. */
  public static boolean accepts(@Nullable String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /** Parses the URL with the connection properties. */
  public static LibsqlUrl parse(String url, @Nullable Properties properties) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException("not a libSQL URL: " + url, "08001");
    }
    String rest = url.substring(PREFIX.length());
    String scheme;
    if (rest.startsWith("//")) {
      scheme = "https";
      rest = rest.substring(2);
    } else if (rest.startsWith("http://")) {
      scheme = "http";
      rest = rest.substring("http://".length());
    } else if (rest.startsWith("https://")) {
      scheme = "https";
      rest = rest.substring("https://".length());
    } else {
      throw new SQLException(
          "a libSQL URL looks like jdbc:libsql://host:port or jdbc:libsql:http://host:port",
          "08001");
    }
    Map<String, String> query = new LinkedHashMap<>();
    int question = rest.indexOf('?');
    if (question >= 0) {
      for (String pair : rest.substring(question + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = decode(equals < 0 ? pair : pair.substring(0, equals));
        query.put(key, equals < 0 ? "" : decode(pair.substring(equals + 1)));
      }
      rest = rest.substring(0, question);
    }
    if (query.containsKey("authToken") || query.containsKey("password")) {
      throw new SQLException(
          "pass the libSQL token as the authToken or password property, not in the URL", "08001");
    }
    Map<String, String> settings = new LinkedHashMap<>(query);
    if (properties != null) {
      for (String name : properties.stringPropertyNames()) {
        settings.put(name, properties.getProperty(name));
      }
    }
    String tls = settings.getOrDefault("tls", "");
    if (tls.equals("0") || tls.equalsIgnoreCase("false")) {
      scheme = "http";
    }
    String hostAndPath = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    if (hostAndPath.isEmpty()) {
      throw new SQLException("the libSQL URL names no host", "08001");
    }
    URI base;
    try {
      base = URI.create(scheme + "://" + hostAndPath);
    } catch (IllegalArgumentException e) {
      throw new SQLException("invalid libSQL URL: " + e.getMessage(), "08001", e);
    }
    @Nullable String token = first(settings, "authToken", "password", "token");
    @Nullable String namespace = first(settings, "namespace");
    int timeout;
    try {
      timeout = Integer.parseInt(settings.getOrDefault("timeout", "30"));
    } catch (NumberFormatException e) {
      throw new SQLException("the timeout parameter must be a number of seconds", "08001", e);
    }
    return new LibsqlUrl(base, namespace, token, timeout);
  }

  @Override
  public String toString() {
    return "LibsqlUrl[httpBase="
        + httpBase
        + ", namespace="
        + namespace
        + ", token="
        + (token == null ? "null" : "***")
        + ", timeoutSeconds="
        + timeoutSeconds
        + "]";
  }

  private static @Nullable String first(Map<String, String> settings, String... keys) {
    for (String key : keys) {
      String value = settings.get(key);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
