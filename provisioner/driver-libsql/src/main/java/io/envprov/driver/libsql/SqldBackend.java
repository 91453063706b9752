package io.envprov.driver.libsql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.libsql.auth.Ed25519Keys;
import io.envprov.libsql.auth.Jwts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A self-hosted sqld with namespaces: one namespace per database, created and deleted through the
 * admin API, and one Ed25519 key per credential listed in the namespace's {@code jwt_key}.
 *
 * <p>The driver signs its own short-lived tokens with a key that comes from the server's driver
 * secret (random, generated once and kept sealed by the control plane; never from the admin auth
 * key, which may be a guessable default): its public key is always the first one in every
 * namespace, and in the key-registry namespace that maps credentials to their keys. Earlier
 * versions derived the key from the admin auth key; the first use of a namespace replaces such a
 * key with the current one.
 */
final class SqldBackend implements Backend {

  private static final String KEY_PURPOSE = "envprov/libsql/driver-key/v1";
  private static final Duration DRIVER_TOKEN_LIFETIME = Duration.ofMinutes(10);

  private final LibsqlServer server;
  private final SqldAdmin admin;
  private final HttpClient http;
  private final KeyPair driverKey;
  private final String driverPem;
  private final String legacyPem;
  private final KeyRegistry registry;
  private final Locker locker;
  private final java.util.Set<String> rekeyed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean registryReady;

  /** Runs work under the driver's lock of one database name (the same lock its changes take). */
  interface Locker {
    <T> T locked(String name, java.util.function.Supplier<T> work);
  }

  SqldBackend(LibsqlServer server, HttpClient http, Duration timeout, Locker locker) {
    this.server = server;
    this.http = http;
    this.locker = locker;
    this.admin =
        new SqldAdmin(new HttpJson(http, timeout), server.adminUrl(), server.adminSecret());
    this.driverKey =
        Ed25519Keys.derive(java.util.Objects.requireNonNull(server.driverSecret()), KEY_PURPOSE);
    this.driverPem = Ed25519Keys.pem(driverKey.getPublic());
    // The key earlier versions derived from the admin auth key: removed wherever it is found.
    this.legacyPem =
        Ed25519Keys.pem(
            Ed25519Keys.derive(java.util.Objects.requireNonNull(server.adminSecret()), KEY_PURPOSE)
                .getPublic());
    this.registry = new KeyRegistry(connections(server.registryNamespace()));
  }

  private URI sqlUrl() {
    return java.util.Objects.requireNonNull(server.sqlUrl());
  }

  @Override
  public boolean create(String name) {
    ensureRegistry();
    if (admin.create(name, driverPem)) {
      rekeyed.add(name); // created with the current driver key: nothing to check before its tokens
      return true;
    }
    ensureDriverKey(name);
    return false;
  }

  @Override
  public boolean exists(String name) {
    return admin.config(name).isPresent();
  }

  @Override
  public void delete(String name) {
    admin.delete(name);
    rekeyed.remove(name);
    if (registryReady || admin.config(server.registryNamespace()).isPresent()) {
      try {
        registry.removeNamespace(name);
      } catch (SQLException e) {
        throw LibsqlDriver.failure("forgetting the credential keys of " + name, e);
      }
    }
  }

  @Override
  public void fork(String source, String target) {
    if (admin.config(source).isEmpty()) {
      throw DriverException.permanent("the source database " + source + " does not exist", null);
    }
    admin.fork(source, target);
    // a fork copies the data, not the configuration: only the driver's key opens the copy
    ObjectNode config =
        admin
            .config(target)
            .orElseThrow(
                () -> DriverException.transientFailure("the fork " + target + " vanished", null));
    config.put("jwt_key", driverPem);
    admin.writeConfig(target, config);
  }

  @Override
  public LibsqlConnections connections(String name) {
    return new LibsqlConnections(
        jdbcUrl(name),
        () -> {
          rekeyOnce(name);
          return Jwts.sign(
              driverKey.getPrivate(), name, "rw", Instant.now().plus(DRIVER_TOKEN_LIFETIME));
        });
  }

  /**
   * Once per namespace and process: makes sure the namespace lists the current driver key and not
   * the legacy derived one, under the namespace's lock (its configuration is rewritten whole).
   */
  private void rekeyOnce(String name) {
    if (rekeyed.contains(name)) {
      return;
    }
    locker.locked(
        name,
        () -> {
          ensureDriverKey(name);
          return null;
        });
    rekeyed.add(name);
  }

  @Override
  public String jdbcUrl(String name) {
    return LibsqlServer.jdbcUrl(sqlUrl(), name);
  }

  @Override
  public IssuedCredential issue(String name, CredentialRequest request) {
    ensureRegistry();
    KeyPair key = Ed25519Keys.generate();
    String pem = Ed25519Keys.pem(key.getPublic());
    String access = request.scope() == CredentialScope.READONLY ? "ro" : "rw";
    try {
      ObjectNode config = config(name);
      List<String> previous = registry.keys(name, request.username());
      registry.add(
          name,
          request.username(),
          pem,
          request.scope().name(),
          request.expiresAt() == null ? null : request.expiresAt().toString());
      List<String> keys = keysOf(config);
      keys.removeAll(previous);
      keys.add(pem);
      writeKeys(name, config, keys);
      registry.remove(name, request.username(), previous);
    } catch (SQLException e) {
      throw LibsqlDriver.failure("issuing credential " + request.username() + " on " + name, e);
    }
    String token = Jwts.sign(key.getPrivate(), name, access, request.expiresAt());
    return new IssuedCredential(request.username(), token, request.scope(), request.expiresAt());
  }

  @Override
  public void revoke(String name, String username) {
    try {
      if (admin.config(server.registryNamespace()).isEmpty()) {
        return; // no credential was ever issued on this server
      }
      List<String> owned = registry.keys(name, username);
      if (owned.isEmpty()) {
        return;
      }
      Optional<ObjectNode> config = admin.config(name);
      if (config.isPresent()) {
        List<String> keys = keysOf(config.get());
        keys.removeAll(owned);
        writeKeys(name, config.get(), keys);
      }
      registry.remove(name, username, owned);
    } catch (SQLException e) {
      throw LibsqlDriver.failure("revoking credential " + username + " on " + name, e);
    }
  }

  @Override
  public Health health() {
    try {
      HttpResponse<Void> probe =
          http.send(
              HttpRequest.newBuilder(URI.create(sqlUrl().toString().replaceAll("/+$", "") + "/v2"))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (probe.statusCode() != 200) {
        return Health.down(
            "sqld " + server.id() + " answered HTTP " + probe.statusCode() + " on /v2");
      }
      ensureRegistry();
      try (var connection = connections(server.registryNamespace()).getConnection()) {
        if (!connection.isValid(5)) {
          return Health.down("sqld " + server.id() + " refuses the driver's token");
        }
      }
      return Health.up("sqld " + server.id() + " answers on " + sqlUrl() + " and its admin API");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("interrupted while probing sqld " + server.id());
    } catch (Exception e) {
      return Health.down("sqld " + server.id() + " unreachable: " + e.getMessage());
    }
  }

  @Override
  public Map<String, String> metadata(String name) {
    return Map.of("server", server.id(), "mode", "sqld", "namespace", name);
  }

  private ObjectNode config(String name) {
    return admin
        .config(name)
        .orElseThrow(() -> DriverException.permanent("database " + name + " does not exist", null));
  }

  /** The namespace's keys, the driver's key first. */
  private List<String> keysOf(ObjectNode config) {
    String text = config.hasNonNull("jwt_key") ? config.get("jwt_key").asText() : "";
    List<String> keys = new ArrayList<>(Ed25519Keys.pemBlocks(text));
    keys.remove(driverPem);
    keys.remove(legacyPem);
    keys.add(0, driverPem);
    return keys;
  }

  private void writeKeys(String name, ObjectNode config, List<String> keys) {
    config.put("jwt_key", String.join("", keys));
    if (!config.has("block_reads")) {
      config.put("block_reads", false);
    }
    if (!config.has("block_writes")) {
      config.put("block_writes", false);
    }
    admin.writeConfig(name, config);
  }

  private void ensureDriverKey(String name) {
    admin
        .config(name)
        .ifPresent(
            config -> {
              String text = config.hasNonNull("jwt_key") ? config.get("jwt_key").asText() : "";
              List<String> present = Ed25519Keys.pemBlocks(text);
              if (!present.contains(driverPem) || present.contains(legacyPem)) {
                writeKeys(name, config, keysOf(config));
              }
            });
  }

  private void ensureRegistry() {
    if (registryReady) {
      return;
    }
    synchronized (this) {
      if (registryReady) {
        return;
      }
      String namespace = server.registryNamespace();
      if (!admin.create(namespace, driverPem)) {
        ensureDriverKey(namespace);
      }
      try {
        registry.createTable();
      } catch (SQLException e) {
        throw LibsqlDriver.failure("creating the credential key registry on " + server.id(), e);
      }
      registryReady = true;
    }
  }
}
