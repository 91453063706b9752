package io.envprov.controlplane.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How rollouts run ({@code controlplane.rollouts.*}).
 *
 * @param threads the most installs one rollout runs at once, across all its servers (each server is
 *     further held to the rollout's {@code max_concurrency_per_server})
 * @param retryBackoff the first wait after a wave's execution failed as a whole (the store or the
 *     installer unreachable); it doubles per failure in a row, up to {@code maxRetryBackoff}
 * @param maxRetryBackoff the longest wait between such retries
 * @param maxFailedExecutions executions failed in a row after which the rollout pauses by itself,
 *     with the error as its reason
 */
@ConfigurationProperties("controlplane.rollouts")
public record RolloutProperties(
    @DefaultValue("16") int threads,
    @DefaultValue("1s") Duration retryBackoff,
    @DefaultValue("5m") Duration maxRetryBackoff,
    @DefaultValue("10") int maxFailedExecutions) {}
