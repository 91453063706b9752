package io.envprov.controlplane.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An OpenID Connect issuer for tests, over real HTTP: a discovery document at {@code
 * /.well-known/openid-configuration} naming its JWK set at {@code /keys}, and RS256 tokens signed
 * with its key. It also signs with a key it never publishes, for the negative cases.
 */
public final class TestOidcIssuer implements AutoCloseable {

  private final HttpServer server;
  private final RSAKey key;
  private final RSAKey stranger;

  private TestOidcIssuer(HttpServer server, RSAKey key, RSAKey stranger) {
    this.server = server;
    this.key = key;
    this.stranger = stranger;
  }

  public static TestOidcIssuer start() {
    try {
      RSAKey key = new RSAKeyGenerator(2048).keyID("idp-" + UUID.randomUUID()).generate();
      RSAKey stranger = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TestOidcIssuer issuer = new TestOidcIssuer(server, key, stranger);
      server.createContext(
          "/.well-known/openid-configuration",
          exchange ->
              json(
                  exchange,
                  "{\"issuer\":\""
                      + issuer.issuer()
                      + "\",\"jwks_uri\":\""
                      + issuer.issuer()
                      + "/keys\"}"));
      server.createContext(
          "/keys", exchange -> json(exchange, new JWKSet(key.toPublicJWK()).toString()));
      server.start();
      return issuer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer identifier, as in its tokens' {@code iss}. */
  public String issuer() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /**
   * A token for {@code email} (verified: {@code email_verified} true), valid for five minutes, for
   * {@code audience}.
   */
  public String token(String email, String audience) {
    return sign(
        key,
        claims(
            issuer(),
            audience,
            Instant.now().plusSeconds(300),
            Map.of("email", email, "email_verified", true)));
  }

  /** A token with the given claims and header {@code typ} ({@code null}: none). */
  public String tokenOfType(@Nullable String type, String audience, Map<String, Object> extra) {
    JWTClaimsSet claims = claims(issuer(), audience, Instant.now().plusSeconds(300), extra);
    return sign(key, type == null ? null : new JOSEObjectType(type), claims);
  }

  /** A token with the given claims on top of the usual ones. */
  public String token(
      String issuer, String audience, Instant expiresAt, Map<String, Object> extra) {
    return sign(key, claims(issuer, audience, expiresAt, extra));
  }

  /** A token for {@code email} signed by a key the issuer never published (same {@code kid}). */
  public String tokenSignedByAStranger(String email, String audience) {
    return sign(
        stranger,
        claims(
            issuer(),
            audience,
            Instant.now().plusSeconds(300),
            Map.of("email", email, "email_verified", true)));
  }

  private static JWTClaimsSet claims(
      String issuer, String audience, Instant expiresAt, Map<String, Object> extra) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("idp-subject-" + UUID.randomUUID())
            .audience(audience)
            .issueTime(new Date())
            .expirationTime(Date.from(expiresAt));
    extra.forEach(claims::claim);
    return claims.build();
  }

  private static String sign(RSAKey signingKey, JWTClaimsSet claims) {
    return sign(signingKey, JOSEObjectType.JWT, claims);
  }

  private static String sign(
      RSAKey signingKey, @Nullable JOSEObjectType type, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(signingKey.getKeyID())
                  .type(type)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(signingKey));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void json(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
