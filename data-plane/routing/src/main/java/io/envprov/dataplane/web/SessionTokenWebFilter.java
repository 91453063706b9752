package io.envprov.dataplane.web;

import io.envprov.dataplane.reactive.ReactorBinding;
import io.envprov.dataplane.session.InvalidSessionTokenException;
import io.envprov.dataplane.session.SessionClaims;
import io.envprov.dataplane.session.SessionTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Binds the environment of the request's session token ({@code Authorization: Bearer}) to the
 * Reactor context of the rest of the chain ({@link ReactorBinding}), and exposes the claims as the
 * exchange attribute {@link #CLAIMS_ATTRIBUTE}. No token, or a valid token without {@code
 * active_environment_id}: the request goes on unbound. An invalid token: 401 problem {@code
 * invalid_session_token}.
 */
public final class SessionTokenWebFilter implements WebFilter {

  /** The exchange attribute holding the verified {@link SessionClaims}. */
  public static final String CLAIMS_ATTRIBUTE = SessionClaims.class.getName();

  private final SessionTokenVerifier verifier;

  public SessionTokenWebFilter(SessionTokenVerifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String token =
        BearerToken.from(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (token == null) {
      return chain.filter(exchange);
    }
    // Verification may fetch the JWK set, which blocks: off the event loop.
    return Mono.fromCallable(() -> Verified.of(verifier, token))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            verified -> {
              SessionClaims claims = verified.claims();
              if (claims == null) {
                return reject(exchange.getResponse(), verified.problem());
              }
              exchange.getAttributes().put(CLAIMS_ATTRIBUTE, claims);
              return claims
                  .environment()
                  .map(
                      environment ->
                          chain
                              .filter(exchange)
                              .contextWrite(ReactorBinding.bind(environment, claims.scope())))
                  .orElseGet(() -> chain.filter(exchange));
            });
  }

  private static Mono<Void> reject(ServerHttpResponse response, String detail) {
    response.setStatusCode(HttpStatus.UNAUTHORIZED);
    response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    response.getHeaders().setContentType(MediaType.parseMediaType(Problems.CONTENT_TYPE));
    DataBuffer body =
        response
            .bufferFactory()
            .wrap(Problems.unauthorized(detail).getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(body));
  }

  private record Verified(@Nullable SessionClaims claims, String problem) {
    static Verified of(SessionTokenVerifier verifier, String token) {
      try {
        return new Verified(verifier.verify(token), "");
      } catch (InvalidSessionTokenException e) {
        return new Verified(null, e.getMessage());
      }
    }
  }
}
