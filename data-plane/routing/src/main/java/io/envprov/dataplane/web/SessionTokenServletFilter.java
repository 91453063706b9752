package io.envprov.dataplane.web;

import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.session.InvalidSessionTokenException;
import io.envprov.dataplane.session.SessionClaims;
import io.envprov.dataplane.session.SessionTokenVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Binds the environment of the request's session token ({@code Authorization: Bearer}) to the
 * request thread for the rest of the chain, limited to the token's scope (a read-only session's
 * connections are read-only), and exposes the claims as the request attribute {@link
 * #CLAIMS_ATTRIBUTE}.
 *
 * <ul>
 *   <li>no bearer token: the request goes on unbound (routed data access then refuses);
 *   <li>an invalid token (bad signature, expired, another issuer): 401 problem {@code
 *       invalid_session_token}, and the chain is not called;
 *   <li>a valid token without {@code active_environment_id}: the request goes on unbound.
 * </ul>
 *
 * The binding is per thread: work handed to other threads needs {@link
 * io.envprov.dataplane.binding.BindingPropagation}.
 */
public final class SessionTokenServletFilter implements Filter {

  /** The request attribute holding the verified {@link SessionClaims}. */
  public static final String CLAIMS_ATTRIBUTE = SessionClaims.class.getName();

  private final SessionTokenVerifier verifier;

  public SessionTokenServletFilter(SessionTokenVerifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    String token = BearerToken.from(http.getHeader("Authorization"));
    if (token == null) {
      chain.doFilter(request, response);
      return;
    }
    SessionClaims claims;
    try {
      claims = verifier.verify(token);
    } catch (InvalidSessionTokenException e) {
      reject(httpResponse, e.getMessage());
      return;
    }
    request.setAttribute(CLAIMS_ATTRIBUTE, claims);
    Optional<UUID> environment = claims.environment();
    if (environment.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    try (EnvironmentScope.Bound ignored =
        EnvironmentScope.open(environment.get(), claims.scope())) {
      chain.doFilter(request, response);
    }
  }

  private static void reject(HttpServletResponse response, String detail) throws IOException {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    response.setContentType(Problems.CONTENT_TYPE);
    byte[] body = Problems.unauthorized(detail).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
