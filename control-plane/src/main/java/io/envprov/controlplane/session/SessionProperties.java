package io.envprov.controlplane.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Session tokens ({@code controlplane.sessions.*}).
 *
 * @param issuer the {@code iss} of every session token: a name, published to data planes at {@code
 *     /.well-known/envprov-configuration}, so it need not be the address they reach the control
 *     plane by
 * @param tokenTtl how long one token is valid (a session outlives its tokens: switching
 *     environment, even to the same one, issues a fresh token); also how long a superseded signing
 *     key stays published
 * @param sessionTtl how long a session lasts from its opening; no token outlives its session
 * @param checkCacheTtl how long one replica trusts a session row it read while verifying tokens: a
 *     session closed through another replica stops working here within this time (at once on the
 *     replica that closed it)
 */
@ConfigurationProperties("controlplane.sessions")
public record SessionProperties(
    @DefaultValue("http://localhost:8080") String issuer,
    @DefaultValue("15m") Duration tokenTtl,
    @DefaultValue("12h") Duration sessionTtl,
    @DefaultValue("5s") Duration checkCacheTtl) {

  public SessionProperties {
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("controlplane.sessions.issuer must not be blank");
    }
    if (tokenTtl.isNegative()
        || tokenTtl.isZero()
        || sessionTtl.isNegative()
        || sessionTtl.isZero()) {
      throw new IllegalArgumentException(
          "controlplane.sessions.token-ttl and session-ttl must be positive");
    }
  }
}
