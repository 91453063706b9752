package io.envprov.libsql.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ed25519 key pairs (the JDK's own, available since Java 15) and the PEM form sqld reads: {@code
 * -----BEGIN PUBLIC KEY-----} blocks of the X.509 SubjectPublicKeyInfo, several of them
 * concatenated in a namespace's {@code jwt_key}.
 */
public final class Ed25519Keys {

  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN PUBLIC KEY-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END PUBLIC KEY-----");

  private Ed25519Keys() {}

  /** A fresh random key pair. */
  public static KeyPair generate() {
    return generate(new SecureRandom());
  }

  /**
   * The key pair derived from a secret and a purpose: the same inputs always give the same pair
   * (HMAC-SHA256 of the purpose under the secret is the private key's seed), so a key can be
   * recomputed instead of stored.
   */
  public static KeyPair derive(String secret, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] seed = mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return generate(new FixedSeed(seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
    }
  }

  private static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is missing from the JDK", e);
    }
  }

  /** The PEM block of a public key, ending with a newline. */
  public static String pem(PublicKey key) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
  }

  /** The public keys of every PEM block in the text, in order; text between blocks is ignored. */
  public static List<PublicKey> parsePems(String text) {
    List<PublicKey> keys = new ArrayList<>();
    Matcher matcher = PEM.matcher(text);
    while (matcher.find()) {
      byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
      try {
        keys.add(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("a PEM block is not an Ed25519 public key", e);
      }
    }
    return keys;
  }

  /** The PEM blocks of the text, each normalized as {@link #pem(PublicKey)} writes it. */
  public static List<String> pemBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    for (PublicKey key : parsePems(text)) {
      blocks.add(pem(key));
    }
    return blocks;
  }

  /** Hands out a fixed seed as the "random" bytes a key pair generator asks for. */
  private static final class FixedSeed extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("expected a request for " + seed.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }
}
