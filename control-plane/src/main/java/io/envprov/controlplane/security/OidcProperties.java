package io.envprov.controlplane.security;

import io.envprov.controlplane.config.StartupRefused;
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
 * @param audience the {@code aud} tokens must carry (this service's client id at the issuer);
 *     required with {@code issuer}: without it a token the issuer made for any other application
 *     would sign in here. Tokens that name an authorized party ({@code azp}) must name this one.
 * @param userClaim the claim that names the user: {@code email} or another claim holding an email;
 *     either way the token must carry {@code email_verified: true}
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

  public OidcProperties {
    if (issuer != null && !issuer.isBlank() && (audience == null || audience.isBlank())) {
      throw new StartupRefused(
          "controlplane.oidc.issuer is set ("
              + issuer
              + ") but controlplane.oidc.audience is not: refusing to accept the issuer's tokens"
              + " for any audience",
          "Set controlplane.oidc.audience (CONTROL_PLANE_OIDC_AUDIENCE) to this service's client"
              + " id at the issuer, or unset controlplane.oidc.issuer to turn OIDC sign-in off.");
    }
  }

  /** Whether OIDC sign-in is configured. */
  public boolean enabled() {
    return issuer != null && !issuer.isBlank();
  }
}
