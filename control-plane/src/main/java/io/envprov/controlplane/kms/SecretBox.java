package io.envprov.controlplane.kms;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Envelope encryption of secrets at rest: a fresh data key from the key manager per secret, the
 * secret sealed with AES-256-GCM under it, and associated data that binds the ciphertext to its row
 * (so a ciphertext copied onto another row does not open).
 */
@Component
public class SecretBox {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final KeyManagement keys;

  public SecretBox(KeyManagement keys) {
    this.keys = keys;
  }

  /** A sealed secret: what is stored. */
  public record Sealed(byte[] ciphertext, byte[] wrappedKey, String keyId) {}

  /**
   * Seals {@code secret} bound to {@code context} (e.g. the row's ids).
   *
   * @throws KeyManagementException when the key manager cannot give a data key
   */
  public Sealed seal(String secret, String context) {
    DataKey dataKey = keys.generateDataKey();
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(dataKey.plaintext(), "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return new Sealed(
          ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array(),
          dataKey.wrapped(),
          dataKey.keyId());
    } catch (GeneralSecurityException e) {
      throw new KeyManagementException("cannot seal a secret", e);
    } finally {
      Arrays.fill(dataKey.plaintext(), (byte) 0);
    }
  }

  /**
   * Opens a sealed secret; the context must be the one it was sealed with.
   *
   * @throws KeyManagementException when the key is unknown, or the ciphertext was altered or moved
   */
  public String open(Sealed sealed, String context) {
    byte[] dataKey = keys.decryptDataKey(sealed.keyId(), sealed.wrappedKey());
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(dataKey, "AES"),
          new GCMParameterSpec(TAG_BITS, sealed.ciphertext(), 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain =
          cipher.doFinal(
              sealed.ciphertext(), NONCE_BYTES, sealed.ciphertext().length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new KeyManagementException("a sealed secret does not open in this context", e);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }
}
