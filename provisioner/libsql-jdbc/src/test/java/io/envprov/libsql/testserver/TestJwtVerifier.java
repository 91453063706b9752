package io.envprov.libsql.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code Authorization: Bearer <JWT>} as sqld does: EdDSA signature by one of the keys, an
 * optional {@code exp}, {@code a} ({@code rw}, {@code ro}, {@code roa}; rw when absent) and {@code
 * id} restricting the token to one namespace.
 */
final class TestJwtVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a verified token grants. */
  enum Access {
    READ_WRITE,
    READ_ONLY
  }

  /** A refused token: HTTP 401 with this message. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private TestJwtVerifier() {}

  static Access verify(@Nullable String authorization, List<PublicKey> keys, String namespace)
      throws Refused {
    if (authorization == null) {
      throw new Refused("Authorization failed: no authorization header");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Refused("Authorization failed: unsupported authorization scheme");
    }
    String token = authorization.substring(7).trim();
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      throw new Refused("Authorization failed: the JWT is malformed");
    }
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      Base64.Decoder decoder = Base64.getUrlDecoder();
      header = JSON.readTree(decoder.decode(parts[0]));
      claims = JSON.readTree(decoder.decode(parts[1]));
      signature = decoder.decode(parts[2]);
    } catch (Exception e) {
      throw new Refused("Authorization failed: the JWT is malformed");
    }
    if (!"EdDSA".equals(header.path("alg").asText())) {
      throw new Refused("Authorization failed: the JWT is not signed with EdDSA");
    }
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    boolean valid = false;
    for (PublicKey key : keys) {
      try {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(signed);
        if (verifier.verify(signature)) {
          valid = true;
          break;
        }
      } catch (GeneralSecurityException e) {
        // a signature of the wrong length: try the next key
      }
    }
    if (!valid) {
      throw new Refused("Authorization failed: the JWT signature is invalid (AUTH_JWT_INVALID)");
    }
    if (claims.has("exp") && claims.get("exp").asLong() <= Instant.now().getEpochSecond()) {
      throw new Refused("Authorization failed: the JWT has expired (AUTH_JWT_EXPIRED)");
    }
    if (claims.hasNonNull("id") && !claims.get("id").asText().equals(namespace)) {
      throw new Refused("Authorization failed: the JWT is not valid for namespace " + namespace);
    }
    String access = claims.path("a").asText("rw");
    return switch (access) {
      case "rw" -> Access.READ_WRITE;
      case "ro", "roa" -> Access.READ_ONLY;
      default -> throw new Refused("Authorization failed: unknown access level " + access);
    };
  }
}
