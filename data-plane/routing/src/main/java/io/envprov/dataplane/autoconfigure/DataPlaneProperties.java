package io.envprov.dataplane.autoconfigure;

import io.envprov.dataplane.credentials.CredentialSettings;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.driver.spi.CredentialScope;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The data plane's settings, {@code dataplane.*}. */
@ConfigurationProperties("dataplane")
public class DataPlaneProperties {

  static final Duration DEFAULT_BROKER_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);
  static final Duration DEFAULT_SESSION_REVOCATION_INTERVAL = Duration.ofSeconds(5);
  static final Duration DEFAULT_DISCOVERY_RETRY_INTERVAL = Duration.ofSeconds(5);

  /**
   * The control plane's base URL. Required, and the only address needed: the data plane reads the
   * session-token issuer, audience, JWK set and revocation feed from {@code
   * /.well-known/envprov-configuration} there, and asks its connection broker.
   */
  private @Nullable URI controlPlaneUrl;

  /** The data plane's bearer token for the connection broker. Required; never logged. */
  private @Nullable String serviceToken;

  /**
   * The {@code iss} session tokens must carry. Normally unset: the issuer the control plane
   * publishes is trusted. When set it wins, and a difference from the published one is logged as an
   * error when the control plane is first reached.
   */
  private @Nullable String tokenIssuer;

  /**
   * While the control plane's configuration cannot be read (the control plane is down), it is tried
   * again at most this often; session tokens are refused meanwhile.
   */
  private Duration discoveryRetryInterval = DEFAULT_DISCOVERY_RETRY_INTERVAL;

  /** The scope of the credentials the routing DataSource and ConnectionFactory connect with. */
  private CredentialScope scope = CredentialScope.READWRITE;

  /** How long one request to the connection broker may take. */
  private Duration brokerTimeout = DEFAULT_BROKER_TIMEOUT;

  /** How long a fetched JWK set is used before it is fetched again (an unknown kid refetches). */
  private Duration jwksCacheTtl = DEFAULT_JWKS_CACHE_TTL;

  /**
   * How often the control plane's session revocation feed is polled: a logout is honoured within
   * this. Zero turns polling off (tokens are then good until their {@code exp}).
   */
  private Duration sessionRevocationInterval = DEFAULT_SESSION_REVOCATION_INTERVAL;

  /** How connection facts are cached. */
  private final Credentials credentials = new Credentials();

  /** The per-environment pools. */
  private final Pool pool = new Pool();

  public @Nullable URI getControlPlaneUrl() {
    return controlPlaneUrl;
  }

  public void setControlPlaneUrl(@Nullable URI controlPlaneUrl) {
    this.controlPlaneUrl = controlPlaneUrl;
  }

  public @Nullable String getServiceToken() {
    return serviceToken;
  }

  public void setServiceToken(@Nullable String serviceToken) {
    this.serviceToken = serviceToken;
  }

  public @Nullable String getTokenIssuer() {
    return tokenIssuer;
  }

  public void setTokenIssuer(@Nullable String tokenIssuer) {
    this.tokenIssuer = tokenIssuer;
  }

  public Duration getDiscoveryRetryInterval() {
    return discoveryRetryInterval;
  }

  public void setDiscoveryRetryInterval(Duration discoveryRetryInterval) {
    this.discoveryRetryInterval = discoveryRetryInterval;
  }

  public CredentialScope getScope() {
    return scope;
  }

  public void setScope(CredentialScope scope) {
    this.scope = scope;
  }

  public Duration getBrokerTimeout() {
    return brokerTimeout;
  }

  public void setBrokerTimeout(Duration brokerTimeout) {
    this.brokerTimeout = brokerTimeout;
  }

  public Duration getJwksCacheTtl() {
    return jwksCacheTtl;
  }

  public void setJwksCacheTtl(Duration jwksCacheTtl) {
    this.jwksCacheTtl = jwksCacheTtl;
  }

  public Duration getSessionRevocationInterval() {
    return sessionRevocationInterval;
  }

  public void setSessionRevocationInterval(Duration sessionRevocationInterval) {
    this.sessionRevocationInterval = sessionRevocationInterval;
  }

  public Credentials getCredentials() {
    return credentials;
  }

  public Pool getPool() {
    return pool;
  }

  /** The control-plane URL, or a start-up failure naming the missing property. */
  URI requiredControlPlaneUrl() {
    if (controlPlaneUrl == null || controlPlaneUrl.toString().isBlank()) {
      throw new IllegalStateException("dataplane.control-plane-url must be set");
    }
    return controlPlaneUrl;
  }

  /** The service token, or a start-up failure naming the missing property. */
  String requiredServiceToken() {
    if (serviceToken == null || serviceToken.isBlank()) {
      throw new IllegalStateException("dataplane.service-token must be set");
    }
    return serviceToken;
  }

  /** The issuer set explicitly, or null to trust the one the control plane publishes. */
  @Nullable String configuredIssuer() {
    return tokenIssuer == null || tokenIssuer.isBlank() ? null : tokenIssuer;
  }

  /** {@code dataplane.credentials.*}. */
  public static class Credentials {

    /** How many environments' connection facts are kept at most. */
    private long maxKnownEnvironments = CredentialSettings.DEFAULTS.maxKnownEnvironments();

    /** Facts older than this are fetched again in the background, picking up rotations. */
    private Duration refreshInterval = CredentialSettings.DEFAULTS.refreshInterval();

    /** After an authentication failure, facts are fetched again at most once in this interval. */
    private Duration minRefetchInterval = CredentialSettings.DEFAULTS.minRefetchInterval();

    /**
     * While the control plane answers {@code environment_restoring}, a fetch asks again for this
     * long before it fails; the connections a pool holds keep serving meanwhile.
     */
    private Duration restoringWait = CredentialSettings.DEFAULTS.restoringWait();

    public Duration getRestoringWait() {
      return restoringWait;
    }

    public void setRestoringWait(Duration restoringWait) {
      this.restoringWait = restoringWait;
    }

    public Duration getMinRefetchInterval() {
      return minRefetchInterval;
    }

    public void setMinRefetchInterval(Duration minRefetchInterval) {
      this.minRefetchInterval = minRefetchInterval;
    }

    public long getMaxKnownEnvironments() {
      return maxKnownEnvironments;
    }

    public void setMaxKnownEnvironments(long maxKnownEnvironments) {
      this.maxKnownEnvironments = maxKnownEnvironments;
    }

    public Duration getRefreshInterval() {
      return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
    }

    CredentialSettings toSettings() {
      return new CredentialSettings(
          maxKnownEnvironments, refreshInterval, minRefetchInterval, restoringWait);
    }
  }

  /** {@code dataplane.pool.*}. */
  public static class Pool {

    /** How many environments' pools are open at most. */
    private int maxPools = PoolSettings.DEFAULTS.maxPools();

    /** A pool not used for this long is closed. */
    private Duration idleEviction = PoolSettings.DEFAULTS.idleEviction();

    /** Connections per environment at most. */
    private int maxSize = PoolSettings.DEFAULTS.maxPoolSize();

    /** Idle connections each pool keeps. */
    private int minIdle = PoolSettings.DEFAULTS.minIdle();

    /** How long a borrower waits for a connection. */
    private Duration connectionTimeout = PoolSettings.DEFAULTS.connectionTimeout();

    /** An idle connection above min-idle is closed after this (10 s at least). */
    private Duration idleTimeout = PoolSettings.DEFAULTS.idleTimeout();

    /** A connection is retired after this (30 s at least); keep it below the rotation grace. */
    private Duration maxLifetime = PoolSettings.DEFAULTS.maxLifetime();

    /** How long an evicted pool waits for borrowed connections before it closes anyway. */
    private Duration closeGracePeriod = PoolSettings.DEFAULTS.closeGracePeriod();

    public int getMaxPools() {
      return maxPools;
    }

    public void setMaxPools(int maxPools) {
      this.maxPools = maxPools;
    }

    public Duration getIdleEviction() {
      return idleEviction;
    }

    public void setIdleEviction(Duration idleEviction) {
      this.idleEviction = idleEviction;
    }

    public int getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(int maxSize) {
      this.maxSize = maxSize;
    }

    public int getMinIdle() {
      return minIdle;
    }

    public void setMinIdle(int minIdle) {
      this.minIdle = minIdle;
    }

    public Duration getConnectionTimeout() {
      return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    public Duration getIdleTimeout() {
      return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    public Duration getMaxLifetime() {
      return maxLifetime;
    }

    public void setMaxLifetime(Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
    }

    public Duration getCloseGracePeriod() {
      return closeGracePeriod;
    }

    public void setCloseGracePeriod(Duration closeGracePeriod) {
      this.closeGracePeriod = closeGracePeriod;
    }

    PoolSettings toSettings() {
      return new PoolSettings(
          maxPools,
          idleEviction,
          maxSize,
          minIdle,
          connectionTimeout,
          idleTimeout,
          maxLifetime,
          closeGracePeriod);
    }
  }
}
