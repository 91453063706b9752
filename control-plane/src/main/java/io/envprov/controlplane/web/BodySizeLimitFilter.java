package io.envprov.controlplane.web;

import io.envprov.controlplane.config.ControlPlaneProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a body whose declared length is over the limit with 413 before reading it. Bodies sent
 * without a length are bounded by the JSON codec's in-memory limit, set to the same value.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimitFilter implements WebFilter {

  private final long limit;

  BodySizeLimitFilter(ControlPlaneProperties properties) {
    this.limit = properties.maxRequestBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long length = exchange.getRequest().getHeaders().getContentLength();
    if (length > limit) {
      return Problems.write(
          exchange,
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the request body is " + length + " bytes; the limit is " + limit);
    }
    return chain.filter(exchange);
  }
}
