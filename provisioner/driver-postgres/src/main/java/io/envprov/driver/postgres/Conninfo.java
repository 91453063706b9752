package io.envprov.driver.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The libpq connection string ({@code host=... port=... dbname=...}) that the client programs
 * connect with, derived from the admin URL (a PgJDBC URL): the same hosts and ports, the same TLS
 * mode, the same choice of server among several. Never a password: libpq reads it from the passfile
 * ({@link ClientProcess.Workspace#passfile}).
 */
final class Conninfo {

  private static final String DEFAULT_PORT = "5432";

  private Conninfo() {}

  /**
   * The connection string for {@code user} to {@code database} on the server of {@code url}.
   *
   * @throws IllegalArgumentException when a host of the URL cannot be read
   */
  static String of(PostgresUrl url, String database, String user, Duration connectTimeout) {
    List<String> hosts = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    for (String entry : url.hosts().split(",")) {
      String hostAndPort = entry.strip();
      String host;
      String port = DEFAULT_PORT;
      if (hostAndPort.startsWith("[")) {
        int close = hostAndPort.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("an IPv6 host of the admin URL lacks its ']'");
        }
        host = hostAndPort.substring(1, close);
        String rest = hostAndPort.substring(close + 1);
        if (rest.startsWith(":") && rest.length() > 1) {
          port = rest.substring(1);
        }
      } else {
        int colon = hostAndPort.lastIndexOf(':');
        host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        if (colon >= 0 && colon < hostAndPort.length() - 1) {
          port = hostAndPort.substring(colon + 1);
        }
      }
      if (host.isEmpty()) {
        throw new IllegalArgumentException("the admin URL names an empty host");
      }
      hosts.add(host);
      ports.add(port);
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("host", String.join(",", hosts));
    values.put("port", String.join(",", ports));
    values.put("dbname", database);
    values.put("user", user);
    values.put("connect_timeout", Long.toString(Math.max(2, connectTimeout.toSeconds())));
    values.put("application_name", "envprov-driver-postgres");
    values.put("sslmode", sslMode(url));
    @Nullable String rootCertificate = decoded(url.parameter("sslrootcert"));
    if (rootCertificate != null && !rootCertificate.isEmpty()) {
      values.put("sslrootcert", rootCertificate);
    }
    @Nullable String target = targetSessionAttributes(decoded(url.parameter("targetServerType")));
    if (target != null) {
      values.put("target_session_attrs", target);
    }
    StringBuilder conninfo = new StringBuilder();
    values.forEach(
        (key, value) -> {
          if (!conninfo.isEmpty()) {
            conninfo.append(' ');
          }
          conninfo.append(key).append('=').append(quoted(value));
        });
    return conninfo.toString();
  }

  /**
   * PgJDBC's TLS mode in libpq's words: {@code sslmode} as given (the names are the same); {@code
   * ssl=true} alone means {@code verify-full} to PgJDBC; neither means {@code prefer} to both.
   */
  static String sslMode(PostgresUrl url) {
    @Nullable String mode = decoded(url.parameter("sslmode"));
    if (mode != null && !mode.isBlank()) {
      return mode.strip().toLowerCase(Locale.ROOT);
    }
    @Nullable String ssl = decoded(url.parameter("ssl"));
    if (ssl != null && (ssl.isEmpty() || ssl.equalsIgnoreCase("true"))) {
      return "verify-full";
    }
    return "prefer";
  }

  private static @Nullable String targetSessionAttributes(@Nullable String targetServerType) {
    if (targetServerType == null) {
      return null;
    }
    return switch (targetServerType.strip().toLowerCase(Locale.ROOT)) {
      case "primary", "master" -> "read-write";
      case "secondary", "slave" -> "standby";
      case "prefersecondary", "preferslave" -> "prefer-standby";
      default -> null; // any, preferPrimary: libpq takes the first server that answers
    };
  }

  /** A connection string value in single quotes, backslashes and quotes escaped. */
  static String quoted(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static @Nullable String decoded(@Nullable String value) {
    return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
