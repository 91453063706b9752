package io.envprov.controlplane.kms;

/**
 * A data key: {@code plaintext} seals one secret and is then discarded; {@code wrapped} is stored.
 * {@link #toString()} never shows the plaintext.
 */
public record DataKey(byte[] plaintext, byte[] wrapped, String keyId) {

  @Override
  public String toString() {
    return "DataKey[keyId=" + keyId + ", plaintext=***, wrapped=" + wrapped.length + " bytes]";
  }
}
