package io.envprov.controlplane.kms;

/**
 * The key-management seam for envelope encryption: a fresh data key per secret, wrapped by a master
 * key that never leaves the key manager. The local key ring ({@link LocalKeyRing}) is the embedded
 * default; {@link AwsKms} implements the same seam over AWS KMS.
 *
 * <p>Key ids are what is stored beside each wrapped data key ({@code kms_key_id}): {@code local:<16
 * hex digits>} for a local key (the first 8 bytes of the SHA-256 of its key material), the key ARN
 * for AWS KMS. Implementations are thread-safe.
 */
public interface KeyManagement {

  /**
   * The configured master key new data keys are wrapped under. For AWS KMS this is the configured
   * key id, ARN or alias; the id stored beside a data key is {@link DataKey#keyId()}, and {@link
   * #resolveKeyId(String)} gives the stored form of any key.
   */
  String keyId();

  /** A new 256-bit data key, in clear (use, then forget) and wrapped (store). */
  DataKey generateDataKey();

  /**
   * Unwraps a data key wrapped by {@link #generateDataKey()}.
   *
   * @throws KeyManagementException when the key id is unknown or the wrapped key was altered
   */
  byte[] decryptDataKey(String keyId, byte[] wrapped);

  /**
   * Wraps a data key (in clear) under {@code keyId}: how data keys move to a new master key without
   * their secrets being touched.
   *
   * @throws KeyManagementException when the key id is unknown or the key manager is unreachable
   */
  byte[] wrapDataKey(String keyId, byte[] plaintext);

  /**
   * The id under which data keys wrapped by {@code keyIdOrAlias} are stored: an alias or a key name
   * resolves to its key's canonical id (for AWS KMS, the key ARN; for the local ring, {@code
   * local:...}, creating the named key on first use). Proves that the key manager can wrap under
   * the key.
   *
   * @throws KeyManagementException when the key is unknown or disabled, or the key manager is
   *     unreachable
   */
  default String resolveKeyId(String keyIdOrAlias) {
    return keyIdOrAlias;
  }
}
