package io.envprov.controlplane.kms;

/**
 * The key-management seam for envelope encryption: a fresh data key per secret, wrapped by a master
 * key that never leaves the key manager. The local key file is the embedded default; AWS KMS
 * implements the same seam (credentials issue).
 */
public interface KeyManagement {

  /** The id of the master key new data keys are wrapped under (stored beside each ciphertext). */
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
}
