package io.envprov.controlplane.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long {@code Idempotency-Key} records are kept ({@code controlplane.idempotency.*}).
 *
 * @param ttl how long a key identifies a request: within it a retry is replayed (or refused with
 *     another body); after it the key may be used for a new request and its record is purged
 * @param purgeInterval how often expired records are deleted (one purge at a time in the cluster)
 */
@ConfigurationProperties("controlplane.idempotency")
public record IdempotencyProperties(
    @DefaultValue("24h") Duration ttl, @DefaultValue("1h") Duration purgeInterval) {}
