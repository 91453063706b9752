package io.envprov.controlplane.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.envprov.controlplane.store.Tables.AppUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Verifies tokens of the configured OpenID Connect issuer (see {@link OidcProperties}): signed (RSA
 * or EC) by a key the issuer publishes, {@code iss} exactly the issuer, not expired, {@code aud}
 * containing the configured audience, {@code azp} (when present) exactly that audience, a header
 * {@code typ} (when present) of {@code JWT} or {@code at+jwt}, {@code email_verified} the JSON
 * value {@code true}, and naming an existing user by email. Users are not created on first sign-in:
 * a platform admin creates them ({@code POST /v1/users}), and their roles decide the rest exactly
 * as for their API keys.
 */
@Component
class OidcTokenVerifier {

  private static final Logger log = LoggerFactory.getLogger(OidcTokenVerifier.class);

  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384);

  /** Header {@code typ} values accepted when present (compared in lower case). */
  private static final Set<String> TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");

  private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DISCOVERY_RETRY_PAUSE = Duration.ofSeconds(30);

  private final OidcProperties properties;
  private final DSLContext dsl;
  private volatile @Nullable DefaultJWTProcessor<SecurityContext> processor;
  private long discoveryRetryAt = System.nanoTime();

  OidcTokenVerifier(OidcProperties properties, DSLContext dsl) {
    this.properties = properties;
    this.dsl = dsl;
  }

  /** Whether the bearer token claims (unverified) to come from the configured issuer. */
  boolean accepts(String token) {
    if (!properties.enabled() || !SessionTokenVerifier.looksLikeSessionToken(token)) {
      return false;
    }
    try {
      return Objects.equals(JWTParser.parse(token).getJWTClaimsSet().getIssuer(), issuer());
    } catch (ParseException e) {
      return false;
    }
  }

  /**
   * The user the token names; empty when the token or its user is not valid (a 401). Blocking: it
   * may fetch the issuer's discovery document and keys, and reads the store.
   */
  Optional<Actor> verify(String token) {
    String email;
    try {
      email = email(token);
    } catch (InvalidToken e) {
      log.debug("OIDC token refused: {}", e.getMessage());
      return Optional.empty();
    }
    return dsl.select(AppUser.ID)
        .from(AppUser.TABLE)
        .where(AppUser.EMAIL.eq(email))
        // A disabled user cannot sign in either.
        .and(AppUser.DISABLED_AT.isNull())
        .fetchOptional(AppUser.ID)
        .map(Actor::oidc);
  }

  private String email(String token) throws InvalidToken {
    JWTClaimsSet claims;
    try {
      claims = processor().process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new InvalidToken(e.getMessage());
    }
    // Users are found by email: only an address the issuer vouches for (a JSON true, not a string
    // or an absent claim) may sign in as the user who holds it.
    if (!Boolean.TRUE.equals(claims.getClaim("email_verified"))) {
      throw new InvalidToken("email_verified is not true");
    }
    Object azp = claims.getClaim("azp");
    if (azp != null && !audience().equals(azp)) {
      throw new InvalidToken("the token was issued to another client (azp)");
    }
    if (azp == null && claims.getAudience().size() > 1) {
      // OIDC Core 3.1.3.7: with several audiences the authorized party names who it is for.
      throw new InvalidToken("several audiences and no azp");
    }
    if (!(claims.getClaim(properties.userClaim()) instanceof String value) || value.isBlank()) {
      throw new InvalidToken("no " + properties.userClaim() + " claim");
    }
    return value.trim().toLowerCase(Locale.ROOT);
  }

  private DefaultJWTProcessor<SecurityContext> processor() throws InvalidToken {
    DefaultJWTProcessor<SecurityContext> current = processor;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (processor == null) {
        if (System.nanoTime() - discoveryRetryAt < 0) {
          throw new InvalidToken("the issuer's discovery failed moments ago");
        }
        JWKSource<SecurityContext> keys;
        try {
          keys = keys();
        } catch (InvalidToken e) {
          // Tokens arriving while the issuer is down fail at once instead of each waiting for it.
          discoveryRetryAt = System.nanoTime() + DISCOVERY_RETRY_PAUSE.toNanos();
          throw e;
        }
        DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
        built.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // ID tokens carry typ JWT or none, access tokens at+jwt (RFC 9068); any other type (a
        // logout token, an event, a DPoP proof) is a different kind of token and is refused.
        built.setJWSTypeVerifier(
            (type, context) -> {
              if (type != null && !TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
                throw new BadJOSEException("token type " + type + " is not accepted");
              }
            });
        built.setJWTClaimsSetVerifier(
            new DefaultJWTClaimsVerifier<>(
                audience(),
                new JWTClaimsSet.Builder().issuer(issuer()).build(),
                Set.of("sub", "exp", properties.userClaim())));
        processor = built;
      }
      return processor;
    }
  }

  private JWKSource<SecurityContext> keys() throws InvalidToken {
    URI jwks = properties.jwksUri() != null ? properties.jwksUri() : discoverJwksUri();
    long ttl = properties.jwksCacheTtl().toMillis();
    try {
      return JWKSourceBuilder.<SecurityContext>create(jwks.toURL())
          .cache(ttl, Math.min(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT))
          .rateLimited(Math.min(ttl / 2, JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL))
          .retrying(true)
          .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidToken("bad jwks uri " + jwks + ": " + e.getMessage());
    }
  }

  /** The issuer's {@code jwks_uri}, from its discovery document; tried again on the next token. */
  private URI discoverJwksUri() throws InvalidToken {
    String base = issuer();
    URI discovery =
        URI.create(
            (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(DISCOVERY_TIMEOUT)
              .build()
              .send(
                  HttpRequest.newBuilder(discovery).timeout(DISCOVERY_TIMEOUT).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new InvalidToken(discovery + " answered " + response.statusCode());
      }
      Map<String, Object> document = JSONObjectUtils.parse(response.body());
      if (!(document.get("jwks_uri") instanceof String uri)) {
        throw new InvalidToken(discovery + " names no jwks_uri");
      }
      return URI.create(uri);
    } catch (IOException | ParseException | IllegalArgumentException e) {
      log.warn("OIDC discovery at {} failed: {}", discovery, e.getMessage());
      throw new InvalidToken("discovery failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidToken("interrupted");
    }
  }

  /** Required with the issuer ({@link OidcProperties} refuses to start without it). */
  private String audience() {
    return Objects.requireNonNull(properties.audience(), "controlplane.oidc.audience");
  }

  private String issuer() {
    return Objects.requireNonNull(properties.issuer(), "controlplane.oidc.issuer");
  }

  /** A token that is not accepted; the caller answers 401. */
  private static final class InvalidToken extends Exception {
    InvalidToken(String message) {
      super(message, null, false, false);
    }
  }
}
