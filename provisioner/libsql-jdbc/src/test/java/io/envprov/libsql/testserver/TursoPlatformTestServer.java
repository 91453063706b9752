package io.envprov.libsql.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.envprov.libsql.auth.Ed25519Keys;
import io.envprov.libsql.auth.Jwts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turso's Platform API for tests, backed by a {@link LibsqlTestServer} that plays the databases:
 * each Turso database is a namespace of it whose {@code jwt_key} is the database's signing key.
 *
 * <p>Routes (bearer platform token required): {@code GET|POST /v1/organizations/{org}/databases},
 * {@code GET|DELETE .../databases/{db}}, {@code POST
 * .../databases/{db}/auth/tokens?expiration=...&authorization=full-access|read-only} and {@code
 * POST .../databases/{db}/auth/rotate} (a new signing key: every earlier token stops working).
 * Creating with {@code seed: {type: database, name}} copies that database. Names: lower-case
 * letters, digits and dashes; 409 when one exists.
 */
public final class TursoPlatformTestServer implements AutoCloseable {

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and the client's delayed ACK add about 40 ms to every response. Read once, when the JDK's
    // server configuration is first loaded, so it is set before any server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("^[a-z0-9-]{1,64}$");
  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdw])");

  private final LibsqlTestServer databases;
  private final String sqldAdminKey;
  private final String platformToken;
  private final String organization;
  private final HttpServer http;
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
  private final Map<String, String> ids = new ConcurrentHashMap<>();

  /**
   * @param databases the server playing the databases; it must have been started with {@code
   *     sqldAdminKey} as its admin auth key
   */
  public TursoPlatformTestServer(
      LibsqlTestServer databases, String sqldAdminKey, String platformToken, String organization) {
    this.databases = databases;
    this.sqldAdminKey = sqldAdminKey;
    this.platformToken = platformToken;
    this.organization = organization;
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.setExecutor(
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "turso-platform-test-server");
              thread.setDaemon(true);
              return thread;
            }));
    http.createContext("/", this::handle);
    http.start();
  }

  /** The Platform API base URL. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  @Override
  public void close() {
    http.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + platformToken).equals(authorization)) {
        send(exchange, 401, error("invalid platform token"));
        return;
      }
      String[] parts = exchange.getRequestURI().getPath().split("/");
      // "", "v1", "organizations", org, "databases", db, "auth", action
      if (parts.length < 5
          || !parts[1].equals("v1")
          || !parts[2].equals("organizations")
          || !parts[4].equals("databases")) {
        send(exchange, 404, error("not found"));
        return;
      }
      if (!parts[3].equals(organization)) {
        send(exchange, 404, error("organization " + parts[3] + " not found"));
        return;
      }
      String method = exchange.getRequestMethod();
      if (parts.length == 5) {
        if (method.equals("GET")) {
          ObjectNode body = JSON.createObjectNode();
          var list = body.putArray("databases");
          for (String name : ids.keySet()) {
            list.add(database(name));
          }
          send(exchange, 200, body);
        } else if (method.equals("POST")) {
          create(exchange);
        } else {
          send(exchange, 405, error("method not allowed"));
        }
        return;
      }
      String db = parts[5];
      if (!ids.containsKey(db)) {
        send(exchange, 404, error("database " + db + " not found"));
        return;
      }
      String action = parts.length >= 8 && parts[6].equals("auth") ? parts[7] : "";
      switch (method + " " + (parts.length == 6 ? "" : action)) {
        case "GET " -> {
          ObjectNode body = JSON.createObjectNode();
          body.set("database", database(db));
          send(exchange, 200, body);
        }
        case "DELETE " -> {
          admin("DELETE", "/v1/namespaces/" + db, null);
          ids.remove(db);
          keys.remove(db);
          send(exchange, 200, JSON.createObjectNode().put("database", db));
        }
        case "POST tokens" -> token(exchange, db);
        case "POST rotate" -> {
          setKey(db, Ed25519Keys.generate());
          send(exchange, 200, JSON.createObjectNode());
        }
        default -> send(exchange, 404, error("not found"));
      }
    } catch (RuntimeException e) {
      send(exchange, 500, error("internal error: " + e));
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    String name = body == null ? "" : body.path("name").asText();
    if (!NAME.matcher(name).matches()) {
      send(exchange, 400, error("invalid database name"));
      return;
    }
    synchronized (this) {
      if (ids.containsKey(name)) {
        send(exchange, 409, error("database " + name + " already exists"));
        return;
      }
      KeyPair key = Ed25519Keys.generate();
      JsonNode seed = body.path("seed");
      if (seed.path("type").asText().equals("database")) {
        String from = seed.path("name").asText();
        if (!ids.containsKey(from)) {
          send(exchange, 400, error("seed database " + from + " not found"));
          return;
        }
        admin("POST", "/v1/namespaces/" + from + "/fork/" + name, null);
      } else {
        admin("POST", "/v1/namespaces/" + name + "/create", JSON.createObjectNode());
      }
      setKey(name, key);
      ids.put(name, UUID.randomUUID().toString());
    }
    ObjectNode response = JSON.createObjectNode();
    response.set("database", database(name));
    send(exchange, 200, response);
  }

  private void token(HttpExchange exchange, String db) throws IOException {
    Map<String, String> query = new java.util.HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          query.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
      }
    }
    String level = query.getOrDefault("authorization", "full-access");
    if (!level.equals("full-access") && !level.equals("read-only")) {
      send(exchange, 400, error("authorization must be full-access or read-only"));
      return;
    }
    String expiration = query.getOrDefault("expiration", "never");
    Instant expiresAt = null;
    if (!expiration.equals("never")) {
      Matcher matcher = DURATION.matcher(expiration);
      Duration total = Duration.ZERO;
      int end = 0;
      while (matcher.find()) {
        long amount = Long.parseLong(matcher.group(1));
        total =
            total.plus(
                switch (matcher.group(2)) {
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "h" -> Duration.ofHours(amount);
                  case "d" -> Duration.ofDays(amount);
                  default -> Duration.ofDays(7 * amount);
                });
        end = matcher.end();
      }
      if (end != expiration.length() || total.isZero()) {
        send(exchange, 400, error("invalid expiration " + expiration));
        return;
      }
      expiresAt = Instant.now().plus(total);
    }
    String jwt =
        Jwts.sign(
            keys.get(db).getPrivate(), db, level.equals("read-only") ? "ro" : "rw", expiresAt);
    send(exchange, 200, JSON.createObjectNode().put("jwt", jwt));
  }

  private void setKey(String db, KeyPair key) {
    keys.put(db, key);
    ObjectNode config =
        JSON.createObjectNode()
            .put("block_reads", false)
            .put("block_writes", false)
            .put("jwt_key", Ed25519Keys.pem(key.getPublic()));
    admin("POST", "/v1/namespaces/" + db + "/config", config);
  }

  private ObjectNode database(String name) {
    return JSON.createObjectNode()
        .put("DbId", ids.get(name))
        .put("Hostname", name + "-" + organization + ".turso.test")
        .put("Name", name)
        .put("group", "default");
  }

  private void admin(String method, String path, @Nullable JsonNode body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(databases.adminUrl() + path))
              .header("Authorization", "Basic " + sqldAdminKey)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body.toString()));
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            method + " " + path + ": " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
