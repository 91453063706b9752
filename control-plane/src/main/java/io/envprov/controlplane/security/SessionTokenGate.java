package io.envprov.controlplane.security;

import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Problems;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Session tokens are for data planes: every app receives them from its users, so on the control
 * plane they are accepted only where a session is the point (switching, closing, revoking every
 * session of the user). Any other route answers a session token 403 {@code
 * session_token_not_accepted}, whatever the user's roles; the match is exact (method and path), so
 * anything not listed is refused.
 */
final class SessionTokenGate implements WebFilter {

  /** Method and path of the routes a session token may call. */
  private static final Set<String> SESSION_ROUTES =
      Set.of(
          HttpMethod.PUT.name() + " /v1/sessions/current",
          HttpMethod.DELETE.name() + " /v1/sessions/current",
          HttpMethod.DELETE.name() + " /v1/sessions");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return ReactiveSecurityContextHolder.getContext()
        .map(
            context ->
                context.getAuthentication() != null
                    && context.getAuthentication().getPrincipal() instanceof Actor actor
                    && actor.sessionId() != null
                    && !SESSION_ROUTES.contains(route(exchange)))
        .defaultIfEmpty(false)
        .flatMap(
            refused ->
                refused
                    ? Problems.write(
                        exchange,
                        ErrorCode.SESSION_TOKEN_NOT_ACCEPTED,
                        "a session token is accepted only by the session routes; use an API key")
                    : chain.filter(exchange));
  }

  private static String route(ServerWebExchange exchange) {
    return exchange.getRequest().getMethod().name()
        + " "
        + exchange.getRequest().getPath().pathWithinApplication().value();
  }
}
