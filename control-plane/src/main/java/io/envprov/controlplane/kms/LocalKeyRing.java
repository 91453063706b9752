package io.envprov.controlplane.kms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default key manager: named local keys in one directory, a file {@code <name>.key}
 * each (see {@link LocalKeyFile}), so that data keys can be re-wrapped from one local key to
 * another. New data keys are wrapped under the current key; any key in the directory unwraps. Key
 * ids are {@code local:<16 hex digits>}, derived from the key material, so renaming a file does not
 * orphan what it wrapped. For development only: the keys sit on the same disk as the secrets.
 */
public final class LocalKeyRing implements KeyManagement {

  private static final Logger log = LoggerFactory.getLogger(LocalKeyRing.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String SUFFIX = ".key";
  private static final String ID_PREFIX = "local:";

  private final Path dir;
  private final LocalKeyFile current;
  private final Map<String, LocalKeyFile> byId = new ConcurrentHashMap<>();

  private LocalKeyRing(Path dir, LocalKeyFile current) {
    this.dir = dir;
    this.current = current;
    byId.put(current.keyId(), current);
  }

  /**
   * Opens the ring in {@code dir} with {@code currentName} as the key new data keys are wrapped
   * under, creating that key (mode 0600) when it does not exist.
   *
   * @throws IllegalArgumentException when the name is not a plain file name
   */
  public static LocalKeyRing open(Path dir, String currentName) {
    LocalKeyFile current = LocalKeyFile.open(file(dir, checkedName(currentName)));
    LocalKeyRing ring = new LocalKeyRing(dir, current);
    ring.scan();
    return ring;
  }

  @Override
  public String keyId() {
    return current.keyId();
  }

  @Override
  public DataKey generateDataKey() {
    return current.generateDataKey();
  }

  @Override
  public byte[] decryptDataKey(String keyId, byte[] wrapped) {
    return key(keyId).unwrap(wrapped);
  }

  @Override
  public byte[] wrapDataKey(String keyId, byte[] plaintext) {
    return key(keyId).wrap(plaintext);
  }

  /**
   * A key id of this ring as is, or a key name: the named key's id, the key being created (0600)
   * when it does not exist yet.
   */
  @Override
  public String resolveKeyId(String keyIdOrName) {
    if (keyIdOrName.startsWith(ID_PREFIX)) {
      return key(keyIdOrName).keyId();
    }
    if (!NAME.matcher(keyIdOrName).matches()) {
      throw new KeyManagementException(
          "'" + keyIdOrName + "' is neither a local key id nor a key name ([A-Za-z0-9._-])", null);
    }
    LocalKeyFile named = LocalKeyFile.open(file(dir, keyIdOrName));
    byId.putIfAbsent(named.keyId(), named);
    return named.keyId();
  }

  private LocalKeyFile key(String keyId) {
    LocalKeyFile key = byId.get(keyId);
    if (key == null) {
      // A key file may have been added (or created by another replica) since the last look.
      scan();
      key = byId.get(keyId);
    }
    if (key == null) {
      throw new KeyManagementException("unknown local key id " + keyId, null);
    }
    return key;
  }

  private synchronized void scan() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        LocalKeyFile key = readQuietly(file);
        if (key != null) {
          byId.putIfAbsent(key.keyId(), key);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the local KMS keys in " + dir, e);
    }
  }

  private static @Nullable LocalKeyFile readQuietly(Path file) {
    try {
      return LocalKeyFile.read(file);
    } catch (RuntimeException e) {
      log.warn("ignoring {}: not a local KMS key ({})", file, e.getMessage());
      return null;
    }
  }

  private static String checkedName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a local KMS key name is 1 to 64 letters, digits, '.', '_' or '-', not '" + name + "'");
    }
    return name;
  }

  private static Path file(Path dir, String name) {
    return dir.resolve(name + SUFFIX);
  }

  @Override
  public String toString() {
    return "LocalKeyRing[dir=" + dir + ", current=" + current.keyId() + "]";
  }
}
