package io.envprov.driver.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A PgJDBC URL, {@code jdbc:postgresql://host[:port][,host[:port]...][/database][?k=v&...]}, taken
 * apart so that the database can be swapped and secrets dropped.
 *
 * @param hosts the host list exactly as written
 * @param database the database, or null when the URL names none
 * @param parameters the query parameters in their order, as {@code key=value} strings
 */
record PostgresUrl(String hosts, @Nullable String database, List<String> parameters) {

  static final String PREFIX = "jdbc:postgresql://";

  /**
   * Parameters a client URL must not carry: secrets, and the admin's identity. PgJDBC lets URL
   * parameters override connection properties, so a {@code user} left in the URL would even
   * override the credential's user.
   */
  private static final Set<String> ADMIN_ONLY =
      Set.of("user", "password", "sslpassword", "sslkey", "sslcert");

  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)\\b(password|sslpassword)=[^&\\s;,)]*");
  private static final Pattern USER_INFO = Pattern.compile("(?i)(postgres(?:ql)?://)[^/@\\s]+@");

  PostgresUrl {
    parameters = List.copyOf(parameters);
  }

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException when it is not a PgJDBC URL with a host (the message never
   *     repeats the URL, which may carry a secret)
   */
  static PostgresUrl parse(String url) {
    if (!url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new IllegalArgumentException("the URL does not start with " + PREFIX);
    }
    String rest = url.substring(PREFIX.length());
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : rest.substring(slash + 1);
    if (hosts.isBlank()) {
      throw new IllegalArgumentException("the URL names no host");
    }
    if (hosts.contains("@")) {
      throw new IllegalArgumentException(
          "the URL carries user information before the host; pass the user and secret separately");
    }
    List<String> parameters = new ArrayList<>();
    for (String parameter : query.split("&")) {
      if (!parameter.isBlank()) {
        parameters.add(parameter);
      }
    }
    return new PostgresUrl(hosts, database.isEmpty() ? null : database, parameters);
  }

  /** The same server and parameters, connecting to another database. */
  PostgresUrl withDatabase(String name) {
    return new PostgresUrl(hosts, name, parameters);
  }

  /** Without secrets or the admin's identity: what a client of one database may be given. */
  PostgresUrl forClients() {
    return new PostgresUrl(
        hosts, database, parameters.stream().filter(p -> !ADMIN_ONLY.contains(key(p))).toList());
  }

  /** The URL as PgJDBC reads it. */
  String jdbcUrl() {
    StringBuilder url = new StringBuilder(PREFIX).append(hosts).append('/');
    if (database != null) {
      url.append(database);
    }
    if (!parameters.isEmpty()) {
      url.append('?').append(String.join("&", parameters));
    }
    return url.toString();
  }

  /** The value of the first parameter of that name (case-insensitive), or null. */
  @Nullable String parameter(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (String parameter : parameters) {
      if (key(parameter).equals(wanted)) {
        int equals = parameter.indexOf('=');
        return equals < 0 ? "" : parameter.substring(equals + 1);
      }
    }
    return null;
  }

  /** Whether a parameter of that name (case-insensitive) is set. */
  boolean has(String name) {
    return parameters.stream().anyMatch(p -> key(p).equals(name.toLowerCase(Locale.ROOT)));
  }

  /** Never the secrets: {@link #jdbcUrl()} with secret parameters masked. */
  @Override
  public String toString() {
    return redact(jdbcUrl());
  }

  /** Masks {@code password=...} parameters and {@code user:secret@} parts in any text. */
  static String redact(String text) {
    String masked = SECRET_PARAMETER.matcher(text).replaceAll("$1=***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }

  private static String key(String parameter) {
    int equals = parameter.indexOf('=');
    return (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
  }
}
