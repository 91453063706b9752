package io.envprov.dataplane.session;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.envprov.dataplane.ControlPlaneUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a data plane needs to know about its control plane, as the control plane publishes it at
 * {@code {control-plane-url}}{@value #PATH}: the {@code iss} of its session tokens, where its JWK
 * set and session revocation feed are, and the {@code aud} its tokens carry. The paths are resolved
 * against the URL the data plane was given, not against the issuer: the issuer is a name, and the
 * data plane may well reach the control plane by another address than the one it calls itself.
 *
 * @param issuer the {@code iss} every session token carries
 * @param jwksUri the JWK set whose keys sign session tokens
 * @param audience the {@code aud} every session token carries
 * @param revocationsUri the session revocation feed
 */
public record ControlPlaneMetadata(
    String issuer, URI jwksUri, String audience, URI revocationsUri) {

  /** Where the control plane publishes the document. */
  public static final String PATH = "/.well-known/envprov-configuration";

  static final String DEFAULT_JWKS_PATH = "/.well-known/jwks.json";
  static final String DEFAULT_REVOCATIONS_PATH = "/v1/session-revocations";

  public ControlPlaneMetadata {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(revocationsUri, "revocationsUri");
  }

  /**
   * What a control plane that publishes no document (one older than it) implies: its tokens' issuer
   * is its URL, and everything else is at the well-known places.
   */
  public static ControlPlaneMetadata implied(URI controlPlaneUrl) {
    return new ControlPlaneMetadata(
        ControlPlaneUrls.base(controlPlaneUrl),
        ControlPlaneUrls.resolve(controlPlaneUrl, DEFAULT_JWKS_PATH),
        SessionTokenVerifier.AUDIENCE,
        ControlPlaneUrls.resolve(controlPlaneUrl, DEFAULT_REVOCATIONS_PATH));
  }

  /** This document with {@code issuer} in place of the published one. */
  ControlPlaneMetadata withIssuer(String issuer) {
    return new ControlPlaneMetadata(issuer, jwksUri, audience, revocationsUri);
  }

  /**
   * Fetches the document.
   *
   * @return the published metadata, or {@link #implied} when the control plane answers 404
   * @throws IOException when the control plane cannot be reached, answers another error, or
   *     publishes something unreadable
   */
  static ControlPlaneMetadata fetch(URI controlPlaneUrl, HttpClient client, Duration timeout)
      throws IOException, InterruptedException {
    URI document = ControlPlaneUrls.resolve(controlPlaneUrl, PATH);
    HttpRequest request =
        HttpRequest.newBuilder(document)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      throw new NotPublished();
    }
    if (response.statusCode() != 200) {
      throw new IOException(document + " answered " + response.statusCode());
    }
    try {
      Map<String, Object> json = JSONObjectUtils.parse(response.body());
      return new ControlPlaneMetadata(
          text(json, "issuer"),
          ControlPlaneUrls.resolve(controlPlaneUrl, path(json, "jwks_path")),
          text(json, "session_token_audience"),
          ControlPlaneUrls.resolve(controlPlaneUrl, path(json, "session_revocations_path")));
    } catch (ParseException | IllegalArgumentException e) {
      throw new IOException("unreadable " + document + ": " + e.getMessage(), e);
    }
  }

  private static String text(Map<String, Object> json, String field) {
    if (json.get(field) instanceof String value && !value.isBlank()) {
      return value;
    }
    throw new IllegalArgumentException("field " + field + " is missing or not a string");
  }

  private static String path(Map<String, Object> json, String field) {
    String path = text(json, field);
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("field " + field + " is not an absolute path");
    }
    return path;
  }

  /** The control plane publishes no document: it predates it. */
  static final class NotPublished extends IOException {
    NotPublished() {
      super("no " + PATH);
    }
  }
}
