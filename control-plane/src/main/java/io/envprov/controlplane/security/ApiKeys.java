package io.envprov.controlplane.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API key format and hashing. A key is {@code ep_} followed by 43 base64url characters (256 random
 * bits); only its SHA-256 is stored (a slow hash adds nothing for keys of this entropy), and the
 * first characters are kept as a visible prefix.
 */
public final class ApiKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "ep_";

  private ApiKeys() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The part shown to humans to tell keys apart. */
  public static String visiblePrefix(String key) {
    return key.substring(0, Math.min(key.length(), 11));
  }
}
