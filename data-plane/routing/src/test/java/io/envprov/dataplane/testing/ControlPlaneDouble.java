package io.envprov.dataplane.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.envprov.dataplane.credentials.ConnectionFacts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A test double of the control plane's HTTP, for the data plane's tests until the real server side
 * exists: it signs real ES256 session tokens, publishes its JWK set at {@code
 * /.well-known/jwks.json} and serves connection facts (of real databases the test made) at {@code
 * GET /v1/environments/{id}/connection}, with the contract's problem responses. It counts what it
 * serves so tests can tell how often the data plane asked.
 */
public final class ControlPlaneDouble implements AutoCloseable {

  private final HttpServer server;
  private final String serviceToken = "svc-" + PostgresServer.randomSecret();
  private final List<ECKey> signingKeys = new ArrayList<>();
  private final Map<UUID, ConnectionFacts> connections = new ConcurrentHashMap<>();
  private final Map<UUID, Problem> refusals = new ConcurrentHashMap<>();
  private final Map<UUID, AtomicInteger> fetches = new ConcurrentHashMap<>();
  private final Map<UUID, List<String>> scopesAsked = new ConcurrentHashMap<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private volatile ECKey currentKey;
  private volatile @Nullable String issuer;
  private volatile boolean publishesMetadata = true;

  private ControlPlaneDouble(HttpServer server) {
    this.server = server;
    this.currentKey = newKey();
    signingKeys.add(currentKey);
  }

  /** Starts the double on a free local port. */
  public static ControlPlaneDouble start() {
    return start(0);
  }

  /** Starts the double on {@code port} of the loopback address (0: a free one). */
  public static ControlPlaneDouble start(int port) {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs and
    // every response takes ~40 ms; the real control plane does not have that problem.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      ControlPlaneDouble controlPlane = new ControlPlaneDouble(server);
      server.createContext("/.well-known/jwks.json", controlPlane::jwks);
      server.createContext("/.well-known/envprov-configuration", controlPlane::metadata);
      server.createContext("/v1/environments/", controlPlane::connection);
      server.setExecutor(Executors.newFixedThreadPool(4, daemon()));
      server.start();
      return controlPlane;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, which is also the issuer of its tokens unless {@link #useIssuer} said else. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The issuer it publishes and signs its tokens with. */
  public String issuer() {
    String configured = issuer;
    return configured != null ? configured : url().toString();
  }

  /**
   * Publishes and signs with {@code issuer} from now on, like a control plane whose public URL
   * differs.
   */
  public void useIssuer(String issuer) {
    this.issuer = issuer;
  }

  /** Answers 404 for its metadata document from now on, like a control plane older than it. */
  public void stopPublishingMetadata() {
    publishesMetadata = false;
  }

  /** The bearer the connection broker accepts. */
  public String serviceToken() {
    return serviceToken;
  }

  /** Serves {@code facts} for its environment, every scope, from now on. */
  public void serve(ConnectionFacts facts) {
    refusals.remove(facts.environmentId());
    connections.put(facts.environmentId(), facts);
  }

  /** Answers {@code status} with problem {@code code} for {@code environmentId} from now on. */
  public void refuse(UUID environmentId, int status, String code) {
    refusals.put(environmentId, new Problem(status, code));
  }

  /**
   * Answers 503 {@code environment_restoring} with {@code Retry-After: 1} for {@code environmentId}
   * from now on, as the control plane does while its database is restored; {@link #resume} ends it.
   */
  public void restoring(UUID environmentId) {
    refusals.put(environmentId, new Problem(503, "environment_restoring", 1));
  }

  /** Serves {@code environmentId}'s facts again after {@link #refuse} or {@link #restoring}. */
  public void resume(UUID environmentId) {
    refusals.remove(environmentId);
  }

  /** How many times connection facts of {@code environmentId} were asked for. */
  public int fetches(UUID environmentId) {
    AtomicInteger count = fetches.get(environmentId);
    return count == null ? 0 : count.get();
  }

  /** The scopes the data plane asked for {@code environmentId}'s connections with, in order. */
  public List<String> scopesAsked(UUID environmentId) {
    List<String> asked = scopesAsked.get(environmentId);
    return asked == null ? List.of() : List.copyOf(asked);
  }

  /** How many times the JWK set was fetched. */
  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** A session token for {@code userId}, routed to {@code environmentId} if not null. */
  public String sessionToken(UUID userId, @Nullable UUID environmentId) {
    return sign(currentKey, claims(userId, environmentId, issuer(), Duration.ofHours(1)));
  }

  /** A session token whose {@code db_scope} is {@code scope} ({@code readonly}, ...). */
  public String sessionToken(UUID userId, UUID environmentId, String scope) {
    return sign(
        currentKey,
        new JWTClaimsSet.Builder(claims(userId, environmentId, issuer(), Duration.ofHours(1)))
            .claim("db_scope", scope)
            .build());
  }

  /** A token of this control plane without the data-plane audience (as before issue 10). */
  public String sessionTokenWithoutAudience(UUID userId, UUID environmentId) {
    return sign(
        currentKey,
        new JWTClaimsSet.Builder(claims(userId, environmentId, issuer(), Duration.ofHours(1)))
            .audience((String) null)
            .build());
  }

  /** A token whose {@code exp} passed a while ago. */
  public String expiredSessionToken(UUID userId, UUID environmentId) {
    return sign(currentKey, claims(userId, environmentId, issuer(), Duration.ofMinutes(-10)));
  }

  /** A token from another issuer, signed with this control plane's key. */
  public String sessionTokenFromIssuer(String issuer, UUID userId, UUID environmentId) {
    return sign(currentKey, claims(userId, environmentId, issuer, Duration.ofHours(1)));
  }

  /** A token signed by a key the control plane never published, under its current key id. */
  public String sessionTokenSignedByAStranger(UUID userId, UUID environmentId) {
    ECKey stranger = newKey(currentKey.getKeyID());
    return sign(stranger, claims(userId, environmentId, issuer(), Duration.ofHours(1)));
  }

  /** Signs from now on with a new key under a new key id; the JWK set publishes both. */
  public void rotateSigningKey() {
    ECKey next = newKey();
    synchronized (signingKeys) {
      signingKeys.add(next);
    }
    currentKey = next;
  }

  private JWTClaimsSet claims(
      UUID userId, @Nullable UUID environmentId, String issuer, Duration lifetime) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience("envprov-data-plane")
            .subject(userId.toString())
            .claim("sid", UUID.randomUUID().toString())
            .issueTime(Date.from(now.minus(Duration.ofMinutes(20))))
            .expirationTime(Date.from(now.plus(lifetime)));
    if (environmentId != null) {
      claims.claim("active_environment_id", environmentId.toString());
      claims.claim("db_scope", "readwrite");
    }
    return claims.build();
  }

  private static String sign(ECKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey newKey() {
    return newKey(UUID.randomUUID().toString());
  }

  private static ECKey newKey(String keyId) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private void jwks(HttpExchange exchange) throws IOException {
    jwksFetches.incrementAndGet();
    List<JWK> keys;
    synchronized (signingKeys) {
      keys = new ArrayList<>(signingKeys);
    }
    respond(exchange, 200, "application/json", new JWKSet(keys).toPublicJWKSet().toString());
  }

  private void metadata(HttpExchange exchange) throws IOException {
    if (!publishesMetadata) {
      problem(exchange, new Problem(404, "not_found"));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("issuer", issuer());
    body.put("jwks_path", "/.well-known/jwks.json");
    body.put("session_token_audience", "envprov-data-plane");
    body.put("session_token_signing_alg_values", List.of("ES256"));
    body.put("session_revocations_path", "/v1/session-revocations");
    body.put("connection_path", "/v1/environments/{environment_id}/connection");
    respond(exchange, 200, "application/json", JSONObjectUtils.toJSONString(body));
  }

  private void connection(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.split("/");
    // /v1/environments/{id}/connection
    if (parts.length != 5 || !"connection".equals(parts[4])) {
      problem(exchange, new Problem(404, "not_found"));
      return;
    }
    if (!("Bearer " + serviceToken)
        .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      problem(exchange, new Problem(401, "unauthenticated"));
      return;
    }
    UUID environmentId;
    try {
      environmentId = UUID.fromString(parts[3]);
    } catch (IllegalArgumentException e) {
      problem(exchange, new Problem(404, "not_found"));
      return;
    }
    fetches.computeIfAbsent(environmentId, id -> new AtomicInteger()).incrementAndGet();
    String query = exchange.getRequestURI().getQuery();
    scopesAsked
        .computeIfAbsent(
            environmentId, id -> java.util.Collections.synchronizedList(new ArrayList<>()))
        .add(query != null && query.startsWith("scope=") ? query.substring(6) : "readwrite");
    Problem refusal = refusals.get(environmentId);
    ConnectionFacts facts = connections.get(environmentId);
    if (refusal != null || facts == null) {
      problem(exchange, refusal != null ? refusal : new Problem(404, "not_found"));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("environment_id", facts.environmentId().toString());
    body.put("driver", facts.driver());
    body.put("jdbc_url", facts.jdbcUrl());
    body.put("username", facts.username());
    body.put("secret", facts.secret());
    body.put("credential_id", facts.credentialId());
    body.put("expires_at", facts.expiresAt() == null ? null : facts.expiresAt().toString());
    body.put("properties", new LinkedHashMap<String, Object>(facts.properties()));
    respond(exchange, 200, "application/json", JSONObjectUtils.toJSONString(body));
  }

  private static void problem(HttpExchange exchange, Problem problem) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("status", problem.status());
    body.put("code", problem.code());
    body.put("detail", "the double says " + problem.code());
    if (problem.retryAfterSeconds() > 0) {
      exchange
          .getResponseHeaders()
          .set("Retry-After", Integer.toString(problem.retryAfterSeconds()));
    }
    respond(
        exchange, problem.status(), "application/problem+json", JSONObjectUtils.toJSONString(body));
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "control-plane-double-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private record Problem(int status, String code, int retryAfterSeconds) {
    Problem(int status, String code) {
      this(status, code, 0);
    }
  }
}
