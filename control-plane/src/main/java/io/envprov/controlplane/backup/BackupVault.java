package io.envprov.controlplane.backup;

import io.envprov.controlplane.kms.DataKey;
import io.envprov.controlplane.kms.KeyManagement;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals snapshot files into the backup store and unseals them back, with envelope encryption: a
 * fresh 256-bit data key per backup from the key manager (its wrapped form is stored with the
 * backup's row, never in the store), AES-256-GCM over segments of 16 KiB, and a SHA-256 checksum of
 * the sealed bytes that an unseal checks.
 *
 * <p>Sealed format: a 21-byte header ({@code EPBK}, format 1, the segment size, a random 12-byte
 * nonce base), then segments, each a 4-byte length (its top bit marks the last segment) and the
 * ciphertext with its 16-byte tag. Each segment's nonce is the base with its index mixed in, and
 * its associated data is the header, its index and its length word: a segment moved, dropped,
 * repeated, or a file cut short fails to open.
 */
public final class BackupVault {

  private static final byte[] MAGIC = {'E', 'P', 'B', 'K'};
  private static final byte FORMAT = 1;
  private static final int HEADER_BYTES = 4 + 1 + 4 + 12;
  // Small segments cost 20 bytes each (0.12%) but let the JIT compile the AES-GCM intrinsics within
  // the first megabytes of a backup: with 1 MiB segments a fresh JVM sealed the first 800 MB at a
  // tenth of the warm speed.
  private static final int SEGMENT_BYTES = 1 << 14;
  private static final int TAG_BYTES = 16;
  private static final int LAST = 0x8000_0000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyManagement keys;
  private final BackupStore store;

  public BackupVault(KeyManagement keys, BackupStore store) {
    this.keys = keys;
    this.store = store;
  }

  /** The store sealed backups are kept in. */
  public BackupStore store() {
    return store;
  }

  /**
   * What a seal produced, to be stored with the backup's row.
   *
   * @param storageKey where in the store
   * @param checksum SHA-256 of the sealed bytes, in hex
   * @param sizeBytes the sealed object's size
   * @param plaintextBytes the snapshot's size
   * @param encryptedDataKey the data key, wrapped by the key manager
   * @param kmsKeyId the master key that wrapped it
   */
  public record Sealed(
      String storageKey,
      String checksum,
      long sizeBytes,
      long plaintextBytes,
      byte[] encryptedDataKey,
      String kmsKeyId) {}

  /** Where a backup is opened from: the fields of its row that {@link #seal} filled. */
  public record SealedRef(
      String storageKey, String checksum, byte[] encryptedDataKey, String kmsKeyId) {}

  /**
   * Seals the snapshot file {@code plaintext} into the store under {@code storageKey}.
   *
   * @throws io.envprov.controlplane.kms.KeyManagementException when no data key can be had
   * @throws IOException when the file cannot be read or the store written
   */
  public Sealed seal(Path plaintext, String storageKey) throws IOException {
    DataKey dataKey = keys.generateDataKey();
    byte[] key = dataKey.plaintext();
    MessageDigest digest = sha256();
    long written = 0;
    long read = 0;
    try (InputStream in = Files.newInputStream(plaintext, StandardOpenOption.READ);
        BackupStore.Upload upload = store.upload(storageKey)) {
      OutputStream out = upload.stream();
      byte[] header = header();
      out.write(header);
      digest.update(header);
      written += header.length;
      Cipher cipher = cipher();
      SecretKeySpec spec = new SecretKeySpec(key, "AES");
      byte[] chunk = new byte[SEGMENT_BYTES];
      byte[] next = new byte[SEGMENT_BYTES];
      byte[] sealed = new byte[SEGMENT_BYTES + TAG_BYTES];
      int length = in.readNBytes(chunk, 0, SEGMENT_BYTES);
      long index = 0;
      while (true) {
        int nextLength = length == SEGMENT_BYTES ? in.readNBytes(next, 0, SEGMENT_BYTES) : 0;
        boolean last = nextLength == 0;
        int word = last ? (length | LAST) : length;
        byte[] lengthWord = ByteBuffer.allocate(4).putInt(word).array();
        init(cipher, Cipher.ENCRYPT_MODE, spec, header, index, lengthWord);
        int n = cipher.doFinal(chunk, 0, length, sealed, 0);
        out.write(lengthWord);
        out.write(sealed, 0, n);
        digest.update(lengthWord);
        digest.update(sealed, 0, n);
        written += 4 + n;
        read += length;
        if (last) {
          break;
        }
        byte[] swap = chunk;
        chunk = next;
        next = swap;
        length = nextLength;
        index++;
      }
      upload.commit();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    return new Sealed(
        storageKey,
        HexFormat.of().formatHex(digest.digest()),
        written,
        read,
        dataKey.wrapped(),
        dataKey.keyId());
  }

  /**
   * Unseals a backup into {@code target} (created, owner-only), checking every segment's tag and
   * the whole object's checksum. On any failure the target is deleted.
   *
   * @throws BackupCorruptedException when the object does not match its checksum or fails to open
   * @throws java.nio.file.NoSuchFileException when the object is not in the store
   * @throws io.envprov.controlplane.kms.KeyManagementException when the data key cannot be
   *     unwrapped
   * @throws IOException when the store or the target cannot be used
   */
  public void unseal(SealedRef backup, Path target) throws IOException {
    byte[] key = keys.decryptDataKey(backup.kmsKeyId(), backup.encryptedDataKey());
    MessageDigest digest = sha256();
    boolean done = false;
    try (InputStream raw = store.open(backup.storageKey());
        DataInputStream in =
            new DataInputStream(
                new DigestInputStream(new java.io.BufferedInputStream(raw, 1 << 16), digest));
        OutputStream out =
            Files.newOutputStream(
                target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      try {
        decrypt(in, out, key);
      } catch (BackupCorruptedException | EOFException e) {
        // Named by the checksum when it differs: what an operator compares with the row.
        String found = drained(in, digest);
        if (!found.equals(backup.checksum())) {
          throw new BackupCorruptedException(
              "the backup does not match its checksum (sha256 "
                  + backup.checksum()
                  + " expected, "
                  + found
                  + " found)");
        }
        throw e;
      }
      String checksum = HexFormat.of().formatHex(digest.digest());
      if (!checksum.equals(backup.checksum())) {
        throw new BackupCorruptedException(
            "the backup does not match its checksum (sha256 "
                + backup.checksum()
                + " expected, "
                + checksum
                + " found)");
      }
      done = true;
    } catch (EOFException e) {
      throw new BackupCorruptedException("the backup is cut short");
    } finally {
      Arrays.fill(key, (byte) 0);
      if (!done) {
        Files.deleteIfExists(target);
      }
    }
  }

  /** Reads what is left through the digest; the checksum of the whole object. */
  private static String drained(InputStream in, MessageDigest digest) throws IOException {
    byte[] buffer = new byte[1 << 16];
    while (in.read(buffer) != -1) {
      // digested on the way
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Decrypts every segment of the object into {@code out}, checking each one's tag. */
  private static void decrypt(DataInputStream in, OutputStream out, byte[] key) throws IOException {
    try {
      byte[] header = new byte[HEADER_BYTES];
      in.readFully(header);
      if (!Arrays.equals(Arrays.copyOf(header, 4), MAGIC) || header[4] != FORMAT) {
        throw new BackupCorruptedException("the backup is not in a format this service wrote");
      }
      Cipher cipher = cipher();
      SecretKeySpec spec = new SecretKeySpec(key, "AES");
      byte[] sealed = new byte[SEGMENT_BYTES + TAG_BYTES];
      byte[] plain = new byte[SEGMENT_BYTES];
      long index = 0;
      while (true) {
        int word = in.readInt();
        boolean last = (word & LAST) != 0;
        int length = word & ~LAST;
        if (length > SEGMENT_BYTES || (!last && length != SEGMENT_BYTES)) {
          throw new BackupCorruptedException("the backup's segment " + index + " is malformed");
        }
        in.readFully(sealed, 0, length + TAG_BYTES);
        byte[] lengthWord = ByteBuffer.allocate(4).putInt(word).array();
        init(cipher, Cipher.DECRYPT_MODE, spec, header, index, lengthWord);
        int n;
        try {
          n = cipher.doFinal(sealed, 0, length + TAG_BYTES, plain, 0);
        } catch (javax.crypto.AEADBadTagException e) {
          throw new BackupCorruptedException("the backup's segment " + index + " was altered");
        }
        out.write(plain, 0, n);
        if (last) {
          break;
        }
        index++;
      }
      if (in.read() != -1) {
        throw new BackupCorruptedException("the backup has bytes after its last segment");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private static byte[] header() {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    return ByteBuffer.allocate(HEADER_BYTES)
        .put(MAGIC)
        .put(FORMAT)
        .putInt(SEGMENT_BYTES)
        .put(nonce)
        .array();
  }

  private static void init(
      Cipher cipher, int mode, SecretKeySpec key, byte[] header, long index, byte[] lengthWord)
      throws GeneralSecurityException {
    byte[] nonce = Arrays.copyOfRange(header, HEADER_BYTES - 12, HEADER_BYTES);
    ByteBuffer mixed = ByteBuffer.wrap(nonce);
    mixed.putLong(4, mixed.getLong(4) ^ index);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
    cipher.updateAAD(header);
    cipher.updateAAD(ByteBuffer.allocate(8).putLong(index).array());
    cipher.updateAAD(lengthWord);
  }

  private static Cipher cipher() throws GeneralSecurityException {
    return Cipher.getInstance("AES/GCM/NoPadding");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
