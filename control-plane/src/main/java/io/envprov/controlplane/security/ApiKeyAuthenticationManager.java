package io.envprov.controlplane.security;

import static io.envprov.controlplane.store.Tables.ApiKey.*;

import java.util.List;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Authenticates a bearer API key by the hash of its value. */
@Component
class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

  private final DSLContext dsl;

  ApiKeyAuthenticationManager(@Qualifier("reactive") DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    String key = String.valueOf(authentication.getCredentials());
    return Mono.from(
            dsl.select(ID, ROLE)
                .from(TABLE)
                .where(KEY_HASH.eq(ApiKeys.hash(key)))
                .and(REVOKED_AT.isNull()))
        .switchIfEmpty(Mono.error(new BadCredentialsException("unknown or revoked API key")))
        .map(
            row -> {
              Actor actor = new Actor(row.get(ID), row.get(ROLE));
              return new UsernamePasswordAuthenticationToken(
                  actor, null, List.of(new SimpleGrantedAuthority("ROLE_" + actor.role())));
            });
  }
}
