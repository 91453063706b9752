package io.envprov.dataplane.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.envprov.dataplane.ControlPlaneUrls;
import io.envprov.driver.spi.CredentialScope;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Verifies session tokens: compact JWS, ES256 only, signed by a key of the control plane's JWK set
 * ({@code {control-plane-url}/.well-known/jwks.json}, cached and fetched again when a token names
 * an unknown {@code kid}), issued by the control plane for data planes ({@code aud} {@value
 * #AUDIENCE}), not expired, with {@code sub}, {@code sid}, {@code iat} and {@code exp}, of a
 * session not revoked (see {@link SessionRevocations}). Its {@code db_scope} is the most the
 * session's connections may do. Thread-safe.
 *
 * <p>Built with a {@link ControlPlaneDiscovery}, it takes the issuer, audience and JWK set location
 * from the control plane's metadata document, so the control-plane URL is all it needs to know.
 */
public final class SessionTokenVerifier {

  private static final String ENVIRONMENT_CLAIM = "active_environment_id";
  private static final String SCOPE_CLAIM = "db_scope";

  /** The {@code aud} every session token carries: tokens for data planes. */
  public static final String AUDIENCE = "envprov-data-plane";

  private final SessionRevocations revocations;
  private final Clock clock;
  private final @Nullable ControlPlaneDiscovery discovery;
  private final Duration jwksCacheTtl;
  private volatile @Nullable DefaultJWTProcessor<SecurityContext> processor;

  /**
   * @param controlPlaneUrl the control plane's base URL, where its JWK set is published
   * @param issuer the expected {@code iss}, normally the same base URL
   * @param jwksCacheTtl how long a fetched JWK set is used before it is fetched again
   * @param clock the clock {@code exp} is checked against
   */
  public SessionTokenVerifier(
      URI controlPlaneUrl, String issuer, Duration jwksCacheTtl, Clock clock) {
    this(controlPlaneUrl, issuer, jwksCacheTtl, clock, SessionRevocations.NONE);
  }

  /**
   * A verifier that also refuses the tokens of sessions {@code revocations} names.
   *
   * @param revocations the sessions that ended (logged out) before their tokens expired
   */
  public SessionTokenVerifier(
      URI controlPlaneUrl,
      String issuer,
      Duration jwksCacheTtl,
      Clock clock,
      SessionRevocations revocations) {
    this(jwkSource(controlPlaneUrl, jwksCacheTtl), issuer, clock, revocations);
  }

  /** A verifier with keys from {@code keys}. */
  public SessionTokenVerifier(JWKSource<SecurityContext> keys, String issuer, Clock clock) {
    this(keys, issuer, clock, SessionRevocations.NONE);
  }

  /** A verifier with keys from {@code keys} that refuses the sessions {@code revocations} names. */
  public SessionTokenVerifier(
      JWKSource<SecurityContext> keys, String issuer, Clock clock, SessionRevocations revocations) {
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.discovery = null;
    this.jwksCacheTtl = Duration.ZERO;
    this.processor = processor(keys, issuer, AUDIENCE, clock);
  }

  /**
   * A verifier configured by the control plane itself: the issuer, audience and JWK set are those
   * {@code discovery} reads from the control plane's metadata document. Until it has been read (the
   * control plane is not up yet), every token is refused.
   *
   * @param jwksCacheTtl how long a fetched JWK set is used before it is fetched again
   */
  public SessionTokenVerifier(
      ControlPlaneDiscovery discovery,
      Duration jwksCacheTtl,
      Clock clock,
      SessionRevocations revocations) {
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.discovery = Objects.requireNonNull(discovery, "discovery");
    this.jwksCacheTtl = Objects.requireNonNull(jwksCacheTtl, "jwksCacheTtl");
  }

  private static DefaultJWTProcessor<SecurityContext> processor(
      JWKSource<SecurityContext> keys, String issuer, String audience, Clock clock) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(issuer, "issuer");
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
    // The control plane chooses the typ header; the signature and claims are what count.
    processor.setJWSTypeVerifier((type, context) -> {});
    processor.setJWTClaimsSetVerifier(
        new ClockedClaimsVerifier(
            audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "sid", "iat", "exp", "aud"),
            clock));
    return processor;
  }

  /** The processor, built from the control plane's metadata once it has been read. */
  private DefaultJWTProcessor<SecurityContext> processor() {
    DefaultJWTProcessor<SecurityContext> built = processor;
    if (built != null) {
      return built;
    }
    ControlPlaneMetadata metadata =
        Objects.requireNonNull(discovery)
            .current()
            .orElseThrow(
                () ->
                    new InvalidSessionTokenException(
                        "the control plane's configuration could not be read yet"));
    synchronized (this) {
      if (processor == null) {
        processor =
            processor(
                jwkSet(metadata.jwksUri(), jwksCacheTtl),
                metadata.issuer(),
                metadata.audience(),
                clock);
      }
      return Objects.requireNonNull(processor);
    }
  }

  /** The JWK set at {@code jwksUri}. */
  private static JWKSource<SecurityContext> jwkSet(URI jwksUri, Duration cacheTtl) {
    URL jwks;
    try {
      jwks = jwksUri.toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + jwksUri, e);
    }
    long ttl = cacheTtl.toMillis();
    // Cached; an unknown kid fetches the set again (rate-limited) so rotated keys are found.
    return JWKSourceBuilder.<SecurityContext>create(jwks)
        .cache(ttl, Math.min(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT))
        .rateLimited(Math.min(ttl / 2, JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL))
        .retrying(true)
        .build();
  }

  /** The control plane's JWK set at {@code {controlPlaneUrl}/.well-known/jwks.json}. */
  public static JWKSource<SecurityContext> jwkSource(URI controlPlaneUrl, Duration cacheTtl) {
    return jwkSet(
        ControlPlaneUrls.resolve(controlPlaneUrl, ControlPlaneMetadata.DEFAULT_JWKS_PATH),
        cacheTtl);
  }

  /**
   * The claims of {@code token}.
   *
   * @throws InvalidSessionTokenException when it is malformed, badly signed, expired or not the
   *     control plane's
   */
  public SessionClaims verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor().process(token, null);
    } catch (ParseException e) {
      throw new InvalidSessionTokenException("the session token is not a JWT");
    } catch (BadJOSEException e) {
      throw new InvalidSessionTokenException("the session token was rejected: " + e.getMessage());
    } catch (JOSEException e) {
      throw new InvalidSessionTokenException(
          "the session token could not be verified: " + e.getMessage());
    }
    UUID sessionId = uuid(stringClaim(claims, "sid"), "sid");
    if (revocations.isRevoked(sessionId)) {
      throw new InvalidSessionTokenException("the session has ended (logged out)");
    }
    return new SessionClaims(
        uuid(claims.getSubject(), "sub"),
        sessionId,
        environment(claims),
        Objects.requireNonNull(claims.getExpirationTime(), "exp").toInstant(),
        scope(claims));
  }

  /** The session's scope; a token without one connects read-only (least privilege). */
  private static CredentialScope scope(JWTClaimsSet claims) {
    String value = stringClaim(claims, SCOPE_CLAIM);
    if (value == null) {
      return CredentialScope.READONLY;
    }
    return switch (value) {
      case "readonly" -> CredentialScope.READONLY;
      case "readwrite" -> CredentialScope.READWRITE;
      default ->
          throw new InvalidSessionTokenException(
              "the session token's " + SCOPE_CLAIM + " is not readonly or readwrite");
    };
  }

  private static @Nullable UUID environment(JWTClaimsSet claims) {
    String value = stringClaim(claims, ENVIRONMENT_CLAIM);
    return value == null ? null : uuid(value, ENVIRONMENT_CLAIM);
  }

  private static @Nullable String stringClaim(JWTClaimsSet claims, String name) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw new InvalidSessionTokenException("the session token's " + name + " is not a string");
    }
  }

  private static UUID uuid(@Nullable String value, String claim) {
    if (value == null) {
      throw new InvalidSessionTokenException("the session token has no " + claim);
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidSessionTokenException("the session token's " + claim + " is not a UUID");
    }
  }

  /** Nimbus's claims checks, against the injected clock. */
  private static final class ClockedClaimsVerifier
      extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;

    ClockedClaimsVerifier(
        String audience, JWTClaimsSet exactMatch, Set<String> required, Clock clock) {
      super(audience, exactMatch, required);
      this.clock = clock;
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }
  }
}
