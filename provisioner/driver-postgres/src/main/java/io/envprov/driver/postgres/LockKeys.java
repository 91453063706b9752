package io.envprov.driver.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The advisory lock keys of one server: the first 8 bytes of HMAC-SHA256 over a name, keyed by a
 * salt tenants cannot read ({@link ServerHardening}). Keys someone else can compute let a session
 * in the admin database stall every call on a name, or on a template (all provisions) by holding
 * its lock; these cannot be guessed.
 */
final class LockKeys {

  private static final String HMAC = "HmacSHA256";

  private final byte[] salt;

  LockKeys(byte[] salt) {
    if (salt.length == 0) {
      throw new IllegalArgumentException("a lock salt is never empty");
    }
    this.salt = salt.clone();
  }

  /**
   * Keys with a fixed salt: for a server the driver has not prepared (no call goes to it without
   * {@link ServerHardening}), and the last resort when no secret salt can be had.
   */
  static LockKeys unsalted() {
    return new LockKeys("envprov advisory locks".getBytes(StandardCharsets.UTF_8));
  }

  /** Keys salted with the HMAC of a label under a secret (e.g. the admin secret). */
  static LockKeys derivedFrom(String secret) {
    return new LockKeys(hmac(secret.getBytes(StandardCharsets.UTF_8), "envprov lock salt"));
  }

  long key(String name) {
    return ByteBuffer.wrap(hmac(salt, name)).getLong();
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "LockKeys[salt of " + salt.length + " bytes]"; // never the salt
  }
}
