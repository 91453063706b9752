package io.envprov.controlplane.kms;

import io.envprov.controlplane.config.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local master key: 256 bits, base64 in a file readable by its owner only, created on first
 * use. Data keys are wrapped with AES-256-GCM (random 96-bit nonce, the key id as associated data;
 * stored as nonce followed by ciphertext and tag). Its key id is {@code local:} and the first 8
 * bytes of the SHA-256 of the key, in hex: stable across restarts and renames. For development: the
 * master key sits on the same disk as what it protects. {@link LocalKeyRing} holds several.
 */
public final class LocalKeyFile implements KeyManagement {

  private static final Logger log = LoggerFactory.getLogger(LocalKeyFile.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec masterKey;
  private final String keyId;

  private LocalKeyFile(byte[] master) {
    this.masterKey = new SecretKeySpec(master, "AES");
    this.keyId = "local:" + HexFormat.of().formatHex(sha256(master), 0, 8);
  }

  /**
   * Loads the key in {@code file}, creating it (mode 0600) when it does not exist, and warns that a
   * local key is for development only.
   */
  public static LocalKeyFile open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!Files.exists(file)) {
        create(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the local KMS key " + file, e);
    }
    LocalKeyFile keys = read(file);
    log.warn(
        "using the LOCAL KMS key file {} (key id {}): for development only, not for production;"
            + " configure AWS KMS for real deployments",
        file.toAbsolutePath(),
        keys.keyId);
    return keys;
  }

  /** Loads the existing key in {@code file}, quietly. */
  static LocalKeyFile read(Path file) {
    try {
      byte[] master =
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
      if (master.length != 32) {
        throw new IllegalStateException("the local KMS key in " + file + " is not a 256-bit key");
      }
      return new LocalKeyFile(master);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the local KMS key in " + file + " is not base64", null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the local KMS key " + file, e);
    }
  }

  /** Makes a new key unless another thread or replica made one first (then theirs is used). */
  private static void create(Path file) throws IOException {
    byte[] master = new byte[32];
    RANDOM.nextBytes(master);
    OwnerOnlyFiles.createOnce(file, Base64.getEncoder().encodeToString(master));
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public DataKey generateDataKey() {
    byte[] plaintext = new byte[32];
    RANDOM.nextBytes(plaintext);
    return new DataKey(plaintext, wrap(plaintext), keyId);
  }

  byte[] wrap(byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new KeyManagementException("cannot wrap a data key", e);
    }
  }

  @Override
  public byte[] wrapDataKey(String keyId, byte[] plaintext) {
    if (!this.keyId.equals(keyId)) {
      throw new KeyManagementException("unknown key id " + keyId, null);
    }
    return wrap(plaintext);
  }

  @Override
  public byte[] decryptDataKey(String keyId, byte[] wrapped) {
    if (!this.keyId.equals(keyId)) {
      throw new KeyManagementException("unknown key id " + keyId, null);
    }
    return unwrap(wrapped);
  }

  byte[] unwrap(byte[] wrapped) {
    if (wrapped.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new KeyManagementException("the wrapped data key does not open under " + keyId, null);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new KeyManagementException("the wrapped data key does not open under " + keyId, e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
