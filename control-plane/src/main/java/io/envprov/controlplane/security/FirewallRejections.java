package io.envprov.controlplane.security;

import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers requests Spring Security's {@code StrictServerWebExchangeFirewall} rejects (encoded NUL,
 * slash or backslash, {@code //}, dot segments, {@code ;} in the path, header values that are not
 * printable) with 400 problem+json {@code malformed_request}, like every other client error; the
 * default handler answers a bare 400. Picked up by Spring Security's filter chain proxy as the one
 * bean of its type. The reason is logged at debug only: it names what the client sent.
 */
@Component
class FirewallRejections implements ServerExchangeRejectedHandler {

  private static final Logger log = LoggerFactory.getLogger(FirewallRejections.class);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException e) {
    log.debug("request rejected by the web firewall: {}", e.getMessage());
    if (exchange.getResponse().isCommitted()) {
      return Mono.empty();
    }
    return Problems.write(
        exchange,
        ErrorCode.MALFORMED_REQUEST,
        "the request URL or a header contains characters or segments that are not allowed");
  }
}
