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
   * Seals {@code secret} bound to {@code context} (e.g. the row's ids) under a fresh data key.
   *
   * @throws KeyManagementException when the key manager cannot give a data key
   */
  public Sealed seal(String secret, String context) {
    try (Sealer sealer = sealer()) {
      return sealer.seal(secret, context);
    }
  }

  /**
   * Fetches a data key now, to seal one secret later: a caller that creates something outside (a
   * database login) asks for the key first, so a key-manager outage fails before anything was
   * created.
   *
   * @throws KeyManagementException when the key manager cannot give a data key
   */
  public Sealer sealer() {
    return new Sealer(keys.generateDataKey());
  }

  /**
   * The same secret under the same data key, with the data key wrapped under {@code keyId} instead:
   * the ciphertext is untouched and the secret is never in clear.
   *
   * @throws KeyManagementException when either key is unknown or the key manager is unreachable
   */
  public Sealed rewrap(Sealed sealed, String keyId) {
    if (sealed.keyId().equals(keyId)) {
      return sealed;
    }
    byte[] dataKey = keys.decryptDataKey(sealed.keyId(), sealed.wrappedKey());
    try {
      return new Sealed(sealed.ciphertext(), keys.wrapDataKey(keyId, dataKey), keyId);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** One data key in clear, for one secret; {@link #close()} forgets it. */
  public static final class Sealer implements AutoCloseable {

    private final DataKey dataKey;
    private boolean used;

    private Sealer(DataKey dataKey) {
      this.dataKey = dataKey;
    }

    /** Seals {@code secret} bound to {@code context}; a sealer seals one secret only. */
    public Sealed seal(String secret, String context) {
      if (used) {
        throw new IllegalStateException("a data key seals one secret only");
      }
      used = true;
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
        close();
      }
    }

    @Override
    public void close() {
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
