package io.envprov.driver.libsql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turso's hosted platform: one database per environment through the Platform API, tokens minted by
 * the platform. Turso cannot revoke a single token: {@link #revoke} logs what it cannot do and
 * {@link #rotate} invalidates every token of a database.
 */
final class TursoBackend implements Backend {

  private static final Logger log = LoggerFactory.getLogger(TursoBackend.class);
  private static final Duration DRIVER_TOKEN_LIFETIME = Duration.ofHours(1);

  private final LibsqlServer server;
  private final HttpJson http;
  private final String authorization;
  private final Map<String, String> hostnames = new ConcurrentHashMap<>();
  private final Map<String, CachedToken> driverTokens = new ConcurrentHashMap<>();

  private record CachedToken(String jwt, Instant renewAfter) {}

  TursoBackend(LibsqlServer server, HttpClient client, Duration timeout) {
    this.server = server;
    this.http = new HttpJson(client, timeout);
    this.authorization = "Bearer " + Objects.requireNonNull(server.adminSecret());
  }

  private URI databases(String suffix) {
    String base = server.adminUrl().toString().replaceAll("/+$", "");
    return URI.create(base + "/v1/organizations/" + server.organization() + "/databases" + suffix);
  }

  @Override
  public boolean create(String name) {
    return create(name, null);
  }

  private boolean create(String name, @Nullable String seedFrom) {
    ObjectNode body =
        HttpJson.JSON.createObjectNode().put("name", dbName(name)).put("group", server.group());
    if (seedFrom != null) {
      body.putObject("seed").put("type", "database").put("name", dbName(seedFrom));
    }
    HttpJson.Response response = http.send("POST", databases(""), authorization, body);
    if (response.status() == 409) {
      return false;
    }
    if (!response.ok()) {
      throw HttpJson.failure("creating Turso database " + name, response);
    }
    JsonNode hostname = response.json().path("database").path("Hostname");
    if (hostname.isTextual()) {
      hostnames.put(name, hostname.asText());
    }
    return true;
  }

  @Override
  public boolean exists(String name) {
    HttpJson.Response response =
        http.send("GET", databases("/" + dbName(name)), authorization, null);
    if (response.status() == 404) {
      return false;
    }
    if (!response.ok()) {
      throw HttpJson.failure("reading Turso database " + name, response);
    }
    JsonNode hostname = response.json().path("database").path("Hostname");
    if (hostname.isTextual()) {
      hostnames.put(name, hostname.asText());
    }
    return true;
  }

  @Override
  public void delete(String name) {
    HttpJson.Response response =
        http.send("DELETE", databases("/" + dbName(name)), authorization, null);
    hostnames.remove(name);
    driverTokens.remove(name);
    if (!response.ok() && response.status() != 404) {
      throw HttpJson.failure("deleting Turso database " + name, response);
    }
  }

  @Override
  public void fork(String source, String target) {
    if (!exists(source)) {
      throw DriverException.permanent("the source database " + source + " does not exist", null);
    }
    create(target, source);
  }

  @Override
  public LibsqlConnections connections(String name) {
    return new LibsqlConnections(jdbcUrl(name), () -> driverToken(name));
  }

  @Override
  public String jdbcUrl(String name) {
    if (server.sqlUrl() != null) {
      return LibsqlServer.jdbcUrl(server.sqlUrl(), dbName(name));
    }
    String hostname = hostnames.get(name);
    if (hostname == null && exists(name)) {
      hostname = hostnames.get(name);
    }
    if (hostname == null) {
      throw DriverException.permanent("Turso database " + name + " has no hostname", null);
    }
    return "jdbc:libsql://" + hostname;
  }

  @Override
  public IssuedCredential issue(String name, CredentialRequest request) {
    if (!exists(name)) {
      throw DriverException.permanent("database " + name + " does not exist", null);
    }
    String jwt =
        mint(
            name,
            request.scope() == CredentialScope.READONLY ? "read-only" : "full-access",
            expiration(request.expiresAt()));
    return new IssuedCredential(request.username(), jwt, request.scope(), request.expiresAt());
  }

  @Override
  public void revoke(String name, String username) {
    log.warn(
        "Turso cannot revoke the single credential {} of {}: it stays valid until it expires."
            + " Rotate all tokens of the database to stop it.",
        username,
        name);
  }

  /** Invalidates every token of the database. */
  void rotate(String name) {
    HttpJson.Response response =
        http.send("POST", databases("/" + dbName(name) + "/auth/rotate"), authorization, null);
    driverTokens.remove(name);
    if (!response.ok()) {
      throw HttpJson.failure("rotating the tokens of Turso database " + name, response);
    }
  }

  @Override
  public Health health() {
    try {
      HttpJson.Response response = http.send("GET", databases(""), authorization, null);
      if (!response.ok()) {
        return Health.down("Turso " + server.id() + ": " + response.describe());
      }
      return Health.up(
          "Turso " + server.id() + " answers for organization " + server.organization());
    } catch (DriverException e) {
      return Health.down(e.getMessage());
    }
  }

  @Override
  public Map<String, String> metadata(String name) {
    return Map.of("server", server.id(), "mode", "turso", "database", dbName(name));
  }

  private String driverToken(String name) {
    CachedToken cached = driverTokens.get(name);
    if (cached != null && Instant.now().isBefore(cached.renewAfter())) {
      return cached.jwt();
    }
    String jwt = mint(name, "full-access", DRIVER_TOKEN_LIFETIME.toMinutes() + "m");
    driverTokens.put(
        name, new CachedToken(jwt, Instant.now().plus(DRIVER_TOKEN_LIFETIME.dividedBy(2))));
    return jwt;
  }

  private String mint(String name, String authorizationLevel, String expiration) {
    URI uri =
        databases(
            "/"
                + dbName(name)
                + "/auth/tokens?expiration="
                + expiration
                + "&authorization="
                + authorizationLevel);
    HttpJson.Response response = http.send("POST", uri, authorization, null);
    if (response.status() == 404) {
      throw DriverException.permanent("database " + name + " does not exist", null);
    }
    JsonNode jwt = response.json().path("jwt");
    if (!response.ok() || !jwt.isTextual()) {
      throw HttpJson.failure("minting a token for Turso database " + name, response);
    }
    return jwt.asText();
  }

  /** Turso's duration syntax: whole minutes until the expiry, or {@code never}. */
  static String expiration(@Nullable Instant expiresAt) {
    if (expiresAt == null) {
      return "never";
    }
    long seconds = Duration.between(Instant.now(), expiresAt).getSeconds();
    return Math.max(1, (seconds + 59) / 60) + "m";
  }

  /** Turso database names allow lower-case letters, digits and dashes. */
  static String dbName(String name) {
    return name.replace('_', '-');
  }
}
