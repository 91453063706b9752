package io.envprov.dataplane.credentials;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.envprov.dataplane.ControlPlaneUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's connection broker over HTTP: {@code GET
 * {control-plane-url}/v1/environments/{id}/connection?scope=...} with the data plane's service
 * token as the bearer. Neither the token nor a served secret reaches a log or an exception.
 */
public final class HttpConnectionBroker implements ConnectionBroker {

  private final URI controlPlaneUrl;
  private final String serviceToken;
  private final Duration timeout;
  private final HttpClient client;

  /**
   * @param controlPlaneUrl the control plane's base URL, e.g. {@code http://localhost:8080}
   * @param serviceToken the data plane's credential for the broker
   * @param timeout how long one fetch may take
   */
  public HttpConnectionBroker(URI controlPlaneUrl, String serviceToken, Duration timeout) {
    this.controlPlaneUrl = Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl");
    this.serviceToken = Objects.requireNonNull(serviceToken, "serviceToken");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public CompletableFuture<ConnectionFacts> fetch(PoolKey key) {
    HttpRequest request =
        HttpRequest.newBuilder(connectionUri(key))
            .timeout(timeout)
            .header("Authorization", "Bearer " + serviceToken)
            .header("Accept", "application/json")
            .GET()
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new CompletionException(unreachable(key, failure));
              }
              return read(key, response);
            });
  }

  private URI connectionUri(PoolKey key) {
    return ControlPlaneUrls.resolve(
        controlPlaneUrl,
        "/v1/environments/" + key.environmentId() + "/connection?scope=" + key.scopeParameter());
  }

  private static ConnectionFacts read(PoolKey key, HttpResponse<String> response) {
    int status = response.statusCode();
    Map<String, Object> body = parse(response.body());
    if (status != 200) {
      String code = body.get("code") instanceof String text ? text : null;
      String detail = body.get("detail") instanceof String text ? text : "no detail";
      throw new ConnectionBrokerException(
          key, BrokerErrorCode.of(code, status), status, detail, retryAfter(response), null);
    }
    try {
      return new ConnectionFacts(
          UUID.fromString(text(body, "environment_id")),
          text(body, "driver"),
          text(body, "jdbc_url"),
          optionalText(body, "username"),
          optionalText(body, "secret"),
          text(body, "credential_id"),
          instant(body.get("expires_at")),
          properties(body.get("properties")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // The message names the field, never its value: the body carries the secret.
      throw new ConnectionBrokerException(
          key,
          BrokerErrorCode.UNAVAILABLE,
          status,
          "unreadable connection: " + e.getMessage(),
          null);
    }
  }

  /** The {@code Retry-After} in seconds, if the response has one (an HTTP date is ignored). */
  private static @Nullable Duration retryAfter(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(value -> value.matches("\\d{1,6}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value)))
        .orElse(null);
  }

  private static Map<String, Object> parse(String body) {
    if (body.isBlank()) {
      return Map.of();
    }
    try {
      return JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      return Map.of();
    }
  }

  private static String text(Map<String, Object> body, String field) {
    if (body.get(field) instanceof String value && !value.isEmpty()) {
      return value;
    }
    throw new IllegalArgumentException("field " + field + " is missing or not a string");
  }

  private static String optionalText(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (value == null) {
      return "";
    }
    if (value instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException("field " + field + " is not a string");
  }

  private static @Nullable Instant instant(@Nullable Object value) {
    return value instanceof String text ? Instant.parse(text) : null;
  }

  private static Map<String, String> properties(@Nullable Object value) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (name, property) -> properties.put(String.valueOf(name), String.valueOf(property)));
    }
    return properties;
  }

  private static ConnectionBrokerException unreachable(PoolKey key, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String what =
        cause instanceof IOException ? "cannot reach the control plane" : "request failed";
    return new ConnectionBrokerException(
        key,
        BrokerErrorCode.UNAVAILABLE,
        0,
        what + " (" + cause.getClass().getSimpleName() + ")",
        null);
  }

  @Override
  public String toString() {
    return "HttpConnectionBroker[" + controlPlaneUrl + "]";
  }
}
