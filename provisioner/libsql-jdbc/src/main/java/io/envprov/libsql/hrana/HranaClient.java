package io.envprov.libsql.hrana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends Hrana pipelines ({@code POST /v2/pipeline}) to one database of a libSQL server (sqld or
 * Turso). Thread-safe; a {@link HranaStream} it opens is not.
 *
 * <p>The database is chosen by the URL's host (Turso, or sqld with host-based namespaces) or by the
 * {@code x-namespace} header when a namespace is given. The token travels only in the {@code
 * Authorization} header and never appears in a message.
 */
public final class HranaClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final @Nullable String namespace;
  private final Supplier<@Nullable String> token;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param baseUrl the server's SQL URL, e.g. {@code http://127.0.0.1:8080}
   * @param namespace the sqld namespace to address, or null to let the host decide
   * @param token the JWT, or null for a server without authentication
   * @param http the HTTP client to share
   * @param timeout how long one request may take
   */
  public HranaClient(
      URI baseUrl,
      @Nullable String namespace,
      @Nullable String token,
      HttpClient http,
      Duration timeout) {
    this(baseUrl, namespace, () -> token, http, timeout);
  }

  /**
   * A client whose token is asked for before every request, for work that outlives one token (a
   * backup or restore of a large database): the supplier may hand out a fresh one when the last is
   * about to expire.
   *
   * @param token gives the JWT (or null) for each request; called once per request
   */
  public HranaClient(
      URI baseUrl,
      @Nullable String namespace,
      Supplier<@Nullable String> token,
      HttpClient http,
      Duration timeout) {
    String text = baseUrl.toString();
    this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.namespace = namespace;
    this.token = Objects.requireNonNull(token, "token");
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = timeout;
  }

  /** A new HTTP client suitable for Hrana (HTTP/1.1, bounded connect timeout). */
  public static HttpClient newHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
  }

  /** The server's SQL URL. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The namespace addressed, if one is. */
  public @Nullable String namespace() {
    return namespace;
  }

  /** A stream that opens on its first pipeline. */
  public HranaStream openStream() {
    return new HranaStream(this);
  }

  /** Runs one statement in a stream of its own (one round trip). */
  public HranaResult execute(HranaStatement statement) throws SQLException {
    HranaStream stream = openStream();
    return stream.executeAndClose(statement);
  }

  /** Posts one pipeline body and returns the parsed response. */
  JsonNode post(@Nullable URI streamBase, ObjectNode body) throws SQLException {
    URI target = URI.create((streamBase == null ? baseUrl : streamBase) + "/v2/pipeline");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    String jwt = token.get();
    if (jwt != null && !jwt.isEmpty()) {
      request.header("Authorization", "Bearer " + jwt);
    }
    if (namespace != null && !namespace.isEmpty()) {
      request.header("x-namespace", namespace);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw HranaException.ofIo("libSQL server " + baseUrl + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HranaException.ofIo("interrupted while waiting for libSQL server " + baseUrl, e);
    }
    if (response.statusCode() != 200) {
      throw httpError(response.statusCode(), response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw HranaException.ofIo("libSQL server " + baseUrl + " answered invalid JSON", e);
    }
  }

  private static byte[] bytes(ObjectNode body) throws SQLException {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new SQLException("cannot encode Hrana request", "HY000", e);
    }
  }

  private static HranaException httpError(int status, byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    String message = text.isBlank() ? "(no body)" : text;
    @Nullable String code = null;
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.isObject()) {
        if (json.hasNonNull("message")) {
          message = json.get("message").asText();
        } else if (json.hasNonNull("error")) {
          message = json.get("error").asText();
        }
        code = json.hasNonNull("code") ? json.get("code").asText() : null;
      }
    } catch (IOException notJson) {
      // a plain-text error body: keep it as the message
    }
    if (message.length() > 500) {
      message = message.substring(0, 500) + "...";
    }
    return HranaException.ofHttp(status, message, code);
  }

  /** Standard base64 of bytes, as Hrana blobs use. */
  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
