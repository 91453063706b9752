package io.envprov.controlplane.security;

import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import reactor.core.publisher.Mono;

/**
 * Every {@code /v1} route and the metrics need a bearer token (an API key or a session token);
 * health, the API docs, the session-token keys (JWKS) and the data planes' configuration document
 * are open. Server, KMS and service-account routes are for platform admins, the connection broker
 * for data planes; on the other routes the roles a user holds in the organization and environment
 * decide ({@code access.Access}). A session token reaches the session routes only ({@link
 * SessionTokenGate}). Failures are problem+json: 401 {@code unauthenticated}, 403 {@code
 * forbidden}.
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
            e.getCause() instanceof ApiException unavailable
                // The API threads could not take the lookup (503), see ApiKeyAuthenticationManager.
                ? Problems.write(
                    webFilterExchange.getExchange(), unavailable.code(), unavailable.getMessage())
                : Problems.write(
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
        // Session tokens only reach the session routes (issue 10: they are for data planes).
        .addFilterAfter(new SessionTokenGate(), SecurityWebFiltersOrder.AUTHENTICATION)
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
                    .pathMatchers("/.well-known/jwks.json", "/.well-known/envprov-configuration")
                    .permitAll()
                    // The connection broker serves data planes only.
                    .pathMatchers("/v1/environments/*/connection")
                    .hasRole(Actor.DATA_PLANE)
                    // Which sessions ended, for data planes (and platform admins): no secret in it.
                    .pathMatchers(HttpMethod.GET, "/v1/session-revocations")
                    .hasAnyRole(Actor.DATA_PLANE, Actor.PLATFORM_ADMIN)
                    .pathMatchers(
                        "/v1/database-servers",
                        "/v1/database-servers/**",
                        "/v1/kms/**",
                        "/v1/service-accounts",
                        "/v1/session-keys/**")
                    .hasRole(Actor.PLATFORM_ADMIN)
                    .pathMatchers(HttpMethod.POST, "/v1/users")
                    .hasRole(Actor.PLATFORM_ADMIN)
                    // The rest is for people; what each may do is decided per resource (Access).
                    .pathMatchers("/v1/**")
                    .hasAnyRole(Actor.PLATFORM_ADMIN, Actor.USER)
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
                                exchange, ErrorCode.FORBIDDEN, "this principal may not do that")))
        .build();
  }
}
