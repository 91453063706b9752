package io.envprov.controlplane.security;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in with an external OpenID Connect issuer, {@code controlplane.oidc.*}: its ID or access
 * tokens (JWTs) are accepted as bearer tokens and mapped to existing users. Off unless {@code
 * issuer} is set.
 *
 * @param issuer the issuer's identifier, exactly as in its tokens' {@code iss}
 * @param jwksUri where its signing keys are published; discovered from {@code
 *     {issuer}/.well-known/openid-configuration} when not set
 * @param audience the {@code aud} tokens must carry (this service's client id); not checked when
 *     not set
 * @param userClaim the claim that names the user: {@code email} (the user's email, which must not
 *     be marked unverified by {@code email_verified: false}) or another claim holding an email
 * @param jwksCacheTtl how long fetched keys are used before they are fetched again (an unknown
 *     {@code kid} fetches them at once)
 */
@ConfigurationProperties("controlplane.oidc")
public record OidcProperties(
    @Nullable String issuer,
    @Nullable URI jwksUri,
    @Nullable String audience,
    @DefaultValue("email") String userClaim,
    @DefaultValue("5m") Duration jwksCacheTtl) {

  /** Whether OIDC sign-in is configured. */
  public boolean enabled() {
    return issuer != null && !issuer.isBlank();
  }
}
