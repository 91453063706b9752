package io.envprov.driver.libsql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envprov.driver.spi.DriverException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON-over-HTTP client for the admin APIs (sqld's admin listener, Turso's Platform API).
 * The authorization header value is never put in a message.
 */
final class HttpJson {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A response: its status and body (parsed when it is JSON). */
  record Response(int status, String body) {
    JsonNode json() {
      try {
        JsonNode node = JSON.readTree(body);
        return node == null ? JSON.missingNode() : node;
      } catch (IOException e) {
        return JSON.missingNode();
      }
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** A short description for an error message. */
    String describe() {
      JsonNode json = json();
      String message = json.hasNonNull("error") ? json.get("error").asText() : body;
      if (message.length() > 300) {
        message = message.substring(0, 300) + "...";
      }
      return "HTTP " + status + (message.isBlank() ? "" : ": " + message);
    }
  }

  private final HttpClient http;
  private final Duration timeout;

  HttpJson(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  Response send(String method, URI uri, @Nullable String authorization, @Nullable Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      try {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      } catch (IOException e) {
        throw DriverException.permanent("cannot encode a request to " + uri, e);
      }
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(
          response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw DriverException.transientFailure(method + " " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DriverException.transientFailure(method + " " + uri + " was interrupted", e);
    }
  }

  /** A failure for an unexpected response: transient for 5xx and 429, permanent otherwise. */
  static DriverException failure(String what, Response response) {
    String message = what + " failed: " + response.describe();
    return response.status() >= 500 || response.status() == 429
        ? DriverException.transientFailure(message, null)
        : DriverException.permanent(message, null);
  }
}
