package io.envprov.libsql.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.envprov.libsql.auth.Ed25519Keys;
import io.envprov.libsql.testserver.TestHranaExecutor.HttpFailure;
import io.envprov.libsql.testserver.TestJwtVerifier.Access;
import io.envprov.libsql.testserver.TestNamespaces.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A libSQL server for tests that behaves like sqld started with {@code --enable-namespaces
 * --admin-listen-addr ... [--admin-auth-key ...] [--auth-jwt-key-file ...]} on everything the
 * driver and the official clients use, with SQLite (sqlite-jdbc) underneath: one file per
 * namespace.
 *
 * <p>SQL listener: {@code GET /v2}, {@code GET /v3}, {@code GET /health}, {@code POST
 * /v2/pipeline}, {@code POST /v3/pipeline} (JSON). Batons are random and single-use; a stream idle
 * for longer than the expiry (10 s, as sqld) is closed and its baton answers 400 {@code
 * STREAM_EXPIRED}. The namespace comes from {@code x-namespace-bin}, {@code x-namespace}, the first
 * label of {@code Host}, else {@code default}. A namespace whose {@code jwt_key} is set (or,
 * failing that, a server with a global key) demands an Ed25519 JWT: 401 when it is missing, invalid
 * or expired; a read-only token that writes gets 403.
 *
 * <p>Admin listener: {@code POST /v1/namespaces/{ns}/create}, {@code DELETE /v1/namespaces/{ns}},
 * {@code POST /v1/namespaces/{ns}/fork/{to}}, {@code GET|POST /v1/namespaces/{ns}/config}, {@code
 * GET /v1/namespaces/{ns}/stats}, guarded by {@code Authorization: Basic <admin auth key>} when a
 * key is set.
 *
 * <p>Start it by hand with {@link #main(String[])}.
 */
public final class LibsqlTestServer implements AutoCloseable {

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and the client's delayed ACK add about 40 ms to every response. Read once, when the JDK's
    // server configuration is first loaded, so it is set before any server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TestNamespaces namespaces;
  private final TestHranaExecutor executor;
  private final @Nullable String adminAuthKey;
  private final List<PublicKey> globalKeys;
  private final Duration streamExpiry;
  private final Map<String, TestStream> streams = new ConcurrentHashMap<>();
  private final Map<String, Long> expiredBatons = new ConcurrentHashMap<>();
  private final HttpServer sql;
  private final HttpServer admin;
  private final ExecutorService workers;
  private final ScheduledExecutorService reaper;
  private final AtomicLong pipelines = new AtomicLong();
  private final AtomicLong adminRequests = new AtomicLong();

  private LibsqlTestServer(Builder builder) throws IOException {
    this.namespaces = new TestNamespaces(builder.dataDirectory);
    this.executor = new TestHranaExecutor(namespaces);
    this.adminAuthKey = builder.adminAuthKey;
    this.globalKeys =
        builder.globalJwtKeyPem == null
            ? List.of()
            : Ed25519Keys.parsePems(builder.globalJwtKeyPem);
    this.streamExpiry = builder.streamExpiry;
    this.workers = Executors.newFixedThreadPool(builder.threads, daemon("libsql-test-server"));
    this.sql = HttpServer.create(new InetSocketAddress(builder.host, builder.port), 64);
    this.admin = HttpServer.create(new InetSocketAddress(builder.host, builder.adminPort), 16);
    sql.setExecutor(workers);
    admin.setExecutor(workers);
    sql.createContext("/", this::handleSql);
    admin.createContext("/", this::handleAdmin);
    this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("libsql-test-server-reaper"));
    long period = Math.max(50, Math.min(1000, streamExpiry.toMillis() / 4));
    reaper.scheduleAtFixedRate(this::expireStreams, period, period, TimeUnit.MILLISECONDS);
    sql.start();
    admin.start();
  }

  /** A builder with sqld's defaults: ephemeral ports on 127.0.0.1, 10 s stream expiry, no auth. */
  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /** The SQL (Hrana) URL, e.g. {@code http://127.0.0.1:8080}. */
  public URI sqlUrl() {
    return URI.create(
        "http://" + sql.getAddress().getHostString() + ":" + sql.getAddress().getPort());
  }

  /** The admin API URL. */
  public URI adminUrl() {
    return URI.create(
        "http://" + admin.getAddress().getHostString() + ":" + admin.getAddress().getPort());
  }

  /** How many pipeline requests were served (for benchmarks). */
  public long pipelineCount() {
    return pipelines.get();
  }

  /** How many admin API requests were served (for benchmarks). */
  public long adminRequestCount() {
    return adminRequests.get();
  }

  /** How many streams are open now. */
  public int openStreams() {
    return streams.size();
  }

  /** The names of the namespaces, sorted. */
  public List<String> namespaceNames() {
    return new ArrayList<>(namespaces.all().keySet());
  }

  @Override
  public void close() {
    sql.stop(0);
    admin.stop(0);
    reaper.shutdownNow();
    workers.shutdownNow();
    for (TestStream stream : streams.values()) {
      stream.close();
    }
    streams.clear();
  }

  // --- SQL listener ---

  private void handleSql(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET")
          && (path.equals("/v2")
              || path.equals("/v3")
              || path.equals("/health")
              || path.equals("/version"))) {
        send(
            exchange,
            200,
            path.equals("/version") ? "envprov-libsql-test-server" : "",
            "text/plain");
        return;
      }
      if (method.equals("POST") && (path.equals("/v2/pipeline") || path.equals("/v3/pipeline"))) {
        pipeline(exchange);
        return;
      }
      sendJson(exchange, 404, errorBody("Not found: " + method + " " + path));
    } catch (RuntimeException e) {
      try {
        sendJson(exchange, 500, errorBody("Internal error: " + e));
      } catch (IOException ignored) {
        // the client is gone
      }
    }
  }

  private void pipeline(HttpExchange exchange) throws IOException {
    pipelines.incrementAndGet();
    JsonNode body;
    try {
      body = JSON.readTree(exchange.getRequestBody());
    } catch (IOException e) {
      send(exchange, 400, "Invalid JSON: " + e.getMessage(), "text/plain");
      return;
    }
    if (body == null || !body.isObject() || !body.path("requests").isArray()) {
      send(exchange, 400, "Invalid pipeline request", "text/plain");
      return;
    }
    String namespace = namespace(exchange);
    Optional<Config> config = namespaces.config(namespace);
    if (config.isEmpty()) {
      sendJson(exchange, 404, errorBody("Namespace `" + namespace + "` doesn't exist"));
      return;
    }
    List<PublicKey> keys = config.get().jwtKey() != null ? config.get().keys() : globalKeys;
    Access access = Access.READ_WRITE;
    if (!keys.isEmpty() || config.get().jwtKey() != null) {
      try {
        access =
            TestJwtVerifier.verify(
                exchange.getRequestHeaders().getFirst("Authorization"), keys, namespace);
      } catch (TestJwtVerifier.Refused e) {
        sendJson(exchange, 401, errorBody(e.getMessage()));
        return;
      }
    }
    JsonNode batonNode = body.path("baton");
    TestStream stream;
    if (batonNode.isNull() || batonNode.isMissingNode()) {
      try {
        stream = new TestStream(namespace, access, namespaces.open(namespace, false));
      } catch (SQLException e) {
        sendJson(exchange, 500, errorBody("cannot open namespace: " + e.getMessage()));
        return;
      }
    } else {
      String baton = batonNode.asText();
      stream = streams.remove(baton);
      if (stream == null) {
        if (expiredBatons.remove(baton) != null) {
          ObjectNode expired =
              JSON.createObjectNode()
                  .put("message", "The stream has expired due to inactivity")
                  .put("code", "STREAM_EXPIRED");
          sendJson(exchange, 400, expired);
        } else {
          send(exchange, 400, "Received an invalid baton", "text/plain");
        }
        return;
      }
      if (!stream.namespace.equals(namespace) || stream.access != access) {
        stream.close();
        send(exchange, 400, "Received an invalid baton", "text/plain");
        return;
      }
    }
    stream.lock.lock();
    try {
      ArrayNode results = JSON.createArrayNode();
      for (JsonNode request : body.path("requests")) {
        if (stream.closed) {
          ObjectNode closed = JSON.createObjectNode().put("type", "error");
          closed
              .putObject("error")
              .put("message", "The stream is closed")
              .put("code", "STREAM_CLOSED");
          results.add(closed);
          continue;
        }
        results.add(executor.request(stream, request));
      }
      ObjectNode response = JSON.createObjectNode();
      if (stream.closed) {
        response.putNull("baton");
      } else {
        String next = newBaton();
        stream.lastUsedNanos = System.nanoTime();
        streams.put(next, stream);
        response.put("baton", next);
      }
      response.putNull("base_url");
      response.set("results", results);
      sendJson(exchange, 200, response);
    } catch (HttpFailure e) {
      stream.close();
      ObjectNode error = errorBody(e.getMessage());
      if (e.code != null) {
        error.put("code", e.code);
      }
      if (e.status == 400 && e.code == null) {
        send(exchange, 400, e.getMessage(), "text/plain");
      } else {
        sendJson(exchange, e.status, error);
      }
    } finally {
      stream.lock.unlock();
    }
  }

  private String namespace(HttpExchange exchange) {
    String bin = exchange.getRequestHeaders().getFirst("x-namespace-bin");
    if (bin != null) {
      return new String(Base64.getDecoder().decode(bin), StandardCharsets.UTF_8);
    }
    String header = exchange.getRequestHeaders().getFirst("x-namespace");
    if (header != null) {
      return header;
    }
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host != null && !host.isBlank()) {
      String withoutPort = host.replaceAll(":\\d+$", "");
      return withoutPort.split("\\.", 2)[0];
    }
    return "default";
  }

  private void expireStreams() {
    long now = System.nanoTime();
    for (Map.Entry<String, TestStream> entry : streams.entrySet()) {
      TestStream stream = entry.getValue();
      if (now - stream.lastUsedNanos > streamExpiry.toNanos()
          && streams.remove(entry.getKey(), stream)) {
        stream.close();
        expiredBatons.put(entry.getKey(), now);
      }
    }
    // forget batons that expired long ago (sqld forgets them too)
    expiredBatons.values().removeIf(at -> now - at > TimeUnit.MINUTES.toNanos(10));
  }

  private static String newBaton() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // --- admin listener ---

  private void handleAdmin(HttpExchange exchange) throws IOException {
    adminRequests.incrementAndGet();
    try (exchange) {
      if (adminAuthKey != null) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "basic " + adminAuthKey;
        if (authorization == null
            || !authorization.equalsIgnoreCase(expected)
                && !(authorization.regionMatches(true, 0, "basic ", 0, 6)
                    && authorization.substring(6).equals(adminAuthKey))) {
          sendJson(exchange, 401, errorBody("Unauthorized: invalid admin auth key"));
          return;
        }
      }
      String method = exchange.getRequestMethod();
      String[] parts = exchange.getRequestURI().getPath().split("/");
      // "", "v1", "namespaces", ns, action, to
      if (parts.length >= 4 && parts[1].equals("v1") && parts[2].equals("namespaces")) {
        String ns = parts[3];
        String action = parts.length > 4 ? parts[4] : "";
        if (!TestNamespaces.validName(ns)) {
          sendJson(exchange, 400, errorBody("Invalid namespace name `" + ns + "`"));
          return;
        }
        switch (method + " " + action) {
          case "POST create" -> create(exchange, ns);
          case "DELETE " -> delete(exchange, ns);
          case "POST fork" -> fork(exchange, ns, parts.length > 5 ? parts[5] : "");
          case "GET config" -> getConfig(exchange, ns);
          case "POST config" -> postConfig(exchange, ns);
          case "GET stats" -> stats(exchange, ns);
          default -> sendJson(exchange, 404, errorBody("Not found"));
        }
        return;
      }
      if (method.equals("GET") && exchange.getRequestURI().getPath().equals("/health")) {
        send(exchange, 200, "", "text/plain");
        return;
      }
      sendJson(exchange, 404, errorBody("Not found"));
    } catch (RuntimeException | SQLException e) {
      try {
        sendJson(exchange, 500, errorBody("Internal error: " + e));
      } catch (IOException ignored) {
        // the client is gone
      }
    }
  }

  private void create(HttpExchange exchange, String ns) throws IOException {
    JsonNode body = jsonBody(exchange);
    if (body == null) {
      sendJson(exchange, 400, errorBody("Failed to parse the request body as JSON"));
      return;
    }
    String jwtKey = body.hasNonNull("jwt_key") ? body.get("jwt_key").asText() : null;
    if (jwtKey != null && !validKey(jwtKey)) {
      sendJson(exchange, 400, errorBody("Invalid JWT key"));
      return;
    }
    if (!namespaces.create(ns, jwtKey)) {
      sendJson(exchange, 400, errorBody("Namespace `" + ns + "` already exists"));
      return;
    }
    send(exchange, 200, "", "text/plain");
  }

  private void delete(HttpExchange exchange, String ns) throws IOException {
    if (!namespaces.delete(ns)) {
      sendJson(exchange, 404, errorBody("Namespace `" + ns + "` doesn't exist"));
      return;
    }
    for (Map.Entry<String, TestStream> entry : streams.entrySet()) {
      if (entry.getValue().namespace.equals(ns)
          && streams.remove(entry.getKey(), entry.getValue())) {
        entry.getValue().close();
      }
    }
    send(exchange, 200, "", "text/plain");
  }

  private void fork(HttpExchange exchange, String from, String to)
      throws IOException, SQLException {
    if (!TestNamespaces.validName(to)) {
      sendJson(exchange, 400, errorBody("Invalid namespace name `" + to + "`"));
      return;
    }
    if (namespaces.config(from).isEmpty()) {
      sendJson(exchange, 404, errorBody("Namespace `" + from + "` doesn't exist"));
      return;
    }
    if (!namespaces.fork(from, to)) {
      sendJson(exchange, 400, errorBody("Namespace `" + to + "` already exists"));
      return;
    }
    send(exchange, 200, "", "text/plain");
  }

  private void getConfig(HttpExchange exchange, String ns) throws IOException {
    Optional<Config> config = namespaces.config(ns);
    if (config.isEmpty()) {
      sendJson(exchange, 404, errorBody("Namespace `" + ns + "` doesn't exist"));
      return;
    }
    ObjectNode body =
        JSON.createObjectNode()
            .put("block_reads", config.get().blockReads())
            .put("block_writes", config.get().blockWrites());
    body.putNull("block_reason");
    body.put("max_db_size", "0 B");
    body.putNull("heartbeat_url");
    body.put("jwt_key", config.get().jwtKey());
    body.putNull("txn_timeout_s");
    body.put("allow_attach", false);
    body.putNull("durability_mode");
    sendJson(exchange, 200, body);
  }

  private void postConfig(HttpExchange exchange, String ns) throws IOException {
    JsonNode body = jsonBody(exchange);
    if (body == null || !body.has("block_reads") || !body.has("block_writes")) {
      // axum's Json extractor answers 422 to a body missing a required field
      send(exchange, 422, "Failed to deserialize the JSON body: missing field", "text/plain");
      return;
    }
    if (namespaces.config(ns).isEmpty()) {
      sendJson(exchange, 404, errorBody("Namespace `" + ns + "` doesn't exist"));
      return;
    }
    String jwtKey = body.hasNonNull("jwt_key") ? body.get("jwt_key").asText() : null;
    if (jwtKey != null && !validKey(jwtKey)) {
      sendJson(exchange, 400, errorBody("Invalid JWT key"));
      return;
    }
    namespaces.configure(
        ns,
        new Config(
            jwtKey,
            jwtKey == null ? List.of() : Ed25519Keys.parsePems(jwtKey),
            body.get("block_reads").asBoolean(),
            body.get("block_writes").asBoolean()));
    send(exchange, 200, "", "text/plain");
  }

  private void stats(HttpExchange exchange, String ns) throws IOException {
    if (namespaces.config(ns).isEmpty()) {
      sendJson(exchange, 404, errorBody("Namespace `" + ns + "` doesn't exist"));
      return;
    }
    // sqld fills storage_bytes_used from a background sample ((page_count - freelist_count) *
    // 4096, once a minute, zero before the first); this server reports the file's size at once.
    // The libsql driver measures with PRAGMA page_count over Hrana and does not use it.
    ObjectNode body = JSON.createObjectNode();
    body.put("rows_read_count", 0).put("rows_written_count", 0);
    body.put("storage_bytes_used", Files.size(namespaces.file(ns)));
    sendJson(exchange, 200, body);
  }

  private static boolean validKey(String jwtKey) {
    if (!jwtKey.startsWith("-----BEGIN PUBLIC KEY-----")) {
      return false; // sqld also takes a raw base64url key; this server only PEM
    }
    try {
      return !Ed25519Keys.parsePems(jwtKey).isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static @Nullable JsonNode jsonBody(HttpExchange exchange) {
    try {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      return body != null && body.isObject() ? body : null;
    } catch (IOException e) {
      return null;
    }
  }

  // --- plumbing ---

  private static ObjectNode errorBody(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void sendJson(HttpExchange exchange, int status, JsonNode body)
      throws IOException {
    send(exchange, status, JSON.writeValueAsString(body), "application/json");
  }

  private static void send(HttpExchange exchange, int status, String body, String contentType)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong count = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Options of the test server. */
  public static final class Builder {
    private final Path dataDirectory;
    private String host = "127.0.0.1";
    private int port;
    private int adminPort;
    private @Nullable String adminAuthKey;
    private @Nullable String globalJwtKeyPem;
    private Duration streamExpiry = Duration.ofSeconds(10);
    private int threads = 16;

    private Builder(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
    }

    /** The address to listen on (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The SQL port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The admin port; 0 (the default) picks a free one. */
    public Builder adminPort(int adminPort) {
      this.adminPort = adminPort;
      return this;
    }

    /** sqld's {@code --admin-auth-key}. */
    public Builder adminAuthKey(@Nullable String adminAuthKey) {
      this.adminAuthKey = adminAuthKey;
      return this;
    }

    /** sqld's {@code --auth-jwt-key-file} content: PEM public keys for every namespace. */
    public Builder globalJwtKeyPem(@Nullable String pem) {
      this.globalJwtKeyPem = pem;
      return this;
    }

    /** How long an idle stream lives (sqld: 10 s). */
    public Builder streamExpiry(Duration expiry) {
      this.streamExpiry = expiry;
      return this;
    }

    /** How many requests are served at once. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public LibsqlTestServer start() {
      try {
        return new LibsqlTestServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Starts the server by hand and runs until killed:
   *
   * <pre>
   * java -cp driver-libsql-tests.jar:driver-libsql.jar:&lt;dependencies&gt; \
   *   io.envprov.libsql.testserver.LibsqlTestServer \
   *   [--port 8080] [--admin-port 9090] [--host 127.0.0.1] [--data-dir DIR] \
   *   [--admin-auth-key KEY] [--jwt-key-file public.pem] [--stream-expiry-ms 10000]
   * </pre>
   *
   * The admin key can also come from the environment variable {@code LIBSQL_ADMIN_AUTH_KEY}. Once
   * listening it prints one line: {@code libsql-test-server sql=http://... admin=http://...}.
   * Without {@code --data-dir} a temporary directory is used and deleted on exit.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        System.err.println(
            "usage: LibsqlTestServer [--port N] [--admin-port N] [--host H]"
                + " [--data-dir DIR] [--admin-auth-key KEY] [--jwt-key-file FILE] [--stream-expiry-ms N]");
        System.exit(2);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    Path data;
    boolean temporary = !options.containsKey("data-dir");
    data =
        temporary
            ? Files.createTempDirectory("libsql-test-server")
            : Path.of(options.get("data-dir"));
    Builder builder =
        builder(data)
            .host(options.getOrDefault("host", "127.0.0.1"))
            .port(Integer.parseInt(options.getOrDefault("port", "8080")))
            .adminPort(Integer.parseInt(options.getOrDefault("admin-port", "9090")))
            .adminAuthKey(
                options.getOrDefault("admin-auth-key", System.getenv("LIBSQL_ADMIN_AUTH_KEY")))
            .streamExpiry(
                Duration.ofMillis(
                    Long.parseLong(options.getOrDefault("stream-expiry-ms", "10000"))));
    if (options.containsKey("jwt-key-file")) {
      builder.globalJwtKeyPem(Files.readString(Path.of(options.get("jwt-key-file"))));
    }
    LibsqlTestServer server = builder.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (temporary) {
                    deleteRecursively(data);
                  }
                }));
    System.out.println("libsql-test-server sql=" + server.sqlUrl() + " admin=" + server.adminUrl());
    System.out.flush();
    Thread.currentThread().join();
  }

  static void deleteRecursively(Path directory) {
    try (var paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
