package io.envprov.controlplane.security;

import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import reactor.core.publisher.Mono;

/**
 * Every {@code /v1} route and the metrics need a bearer token; health and the API docs are open.
 * Failures are problem+json: 401 {@code unauthenticated}, 403 {@code forbidden}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http, ApiKeyAuthenticationManager authenticationManager) {
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(authenticationManager);
    bearer.setServerAuthenticationConverter(
        exchange -> {
          String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
          if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.empty();
          }
          String token = header.substring(7).trim();
          return token.isEmpty()
              ? Mono.empty()
              : Mono.just(new UsernamePasswordAuthenticationToken(token, token));
        });
    bearer.setAuthenticationFailureHandler(
        (webFilterExchange, e) ->
            Problems.write(
                webFilterExchange.getExchange(),
                ErrorCode.UNAUTHENTICATED,
                "the bearer token is unknown or revoked"));
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .pathMatchers(
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/swagger-ui.html",
                        "/swagger-ui/**",
                        "/webjars/**")
                    .permitAll()
                    .pathMatchers("/v1/**")
                    .hasRole(Actor.PLATFORM_ADMIN)
                    .anyExchange()
                    .authenticated())
        .exceptionHandling(
            handling ->
                handling
                    .authenticationEntryPoint(
                        (exchange, e) ->
                            Problems.write(
                                exchange,
                                ErrorCode.UNAUTHENTICATED,
                                "send an API key as 'Authorization: Bearer <key>'"))
                    .accessDeniedHandler(
                        (exchange, e) ->
                            Problems.write(
                                exchange, ErrorCode.FORBIDDEN, "this key may not do that")))
        .build();
  }
}
