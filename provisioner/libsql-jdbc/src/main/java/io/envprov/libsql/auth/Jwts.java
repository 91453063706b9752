package io.envprov.libsql.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Compact JWS tokens signed with Ed25519 ({@code alg: EdDSA}), the only kind sqld accepts. Written
 * with the JDK's signature API because the JOSE libraries need an extra crypto provider for Ed25519
 * signing.
 */
public final class Jwts {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {}

  /**
   * A token for sqld.
   *
   * @param key the signing key
   * @param namespace the {@code id} claim: the only namespace the token opens, or null for all
   * @param access the {@code a} claim: {@code rw} or {@code ro}
   * @param expiresAt the {@code exp} claim, or null for a token that does not expire
   */
  public static String sign(
      PrivateKey key, @Nullable String namespace, String access, @Nullable Instant expiresAt) {
    ObjectNode header = JSON.createObjectNode().put("alg", "EdDSA").put("typ", "JWT");
    ObjectNode claims = JSON.createObjectNode().put("iat", Instant.now().getEpochSecond());
    if (namespace != null) {
      claims.put("id", namespace);
    }
    claims.put("a", access);
    if (expiresAt != null) {
      claims.put("exp", expiresAt.getEpochSecond());
    }
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token with Ed25519", e);
    }
  }

  private static String encode(ObjectNode json) {
    try {
      return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
