package io.envprov.controlplane.session;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.util.Set;

/**
 * What a data plane does with a session token, written from the fixed contract and nothing of the
 * control plane's code: ES256 only, a key of the published JWK set, the issuer, and the claims.
 */
final class IndependentVerifier {

  static final String ISSUER = "http://localhost:8080";

  private IndependentVerifier() {}

  /** The token's claims; throws when the published keys do not verify it. */
  static JWTClaimsSet verify(String jwks, String token) throws Exception {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.ES256, new ImmutableJWKSet<>(JWKSet.parse(jwks))));
    processor.setJWSTypeVerifier((type, context) -> {});
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "sid", "iat", "exp")));
    return processor.process(token, null);
  }
}
