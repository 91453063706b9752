package io.envprov.controlplane.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.kms.LocalKeyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sealed format on real files: every size round-trips, and a sealed object altered in any way
 * (a byte flipped, cut short, segments swapped, bytes appended, another checksum) is refused as
 * corrupted with nothing left at the target.
 */
class BackupVaultTest {

  private static final int MIB = 1 << 20;

  /** The vault's segment size. */
  private static final int SEGMENT = 16 * 1024;

  private static final int HEADER = 21;
  private static final int SEGMENT_OVERHEAD = 4 + 16;

  @TempDir Path dir;

  private DirectoryBackupStore store;
  private BackupVault vault;

  @BeforeEach
  void vault() {
    store = new DirectoryBackupStore(dir.resolve("store"));
    vault = new BackupVault(LocalKeyFile.open(dir.resolve("master.key")), store);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, SEGMENT, 3 * SEGMENT + SEGMENT / 2, MIB + 7})
  void a_snapshot_of_any_size_comes_back_byte_for_byte(int size) throws IOException {
    byte[] content = content(size);
    Path snapshot = write("snapshot", content);

    BackupVault.Sealed sealed = vault.seal(snapshot, "org/env/backup.1.bak");
    Path target = dir.resolve("restored");
    vault.unseal(ref(sealed, sealed.checksum()), target);

    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    int segments = Math.max(1, (size + SEGMENT - 1) / SEGMENT);
    assertThat(sealed.plaintextBytes()).isEqualTo(size);
    assertThat(sealed.sizeBytes())
        .isEqualTo(Files.size(sealedFile(sealed)))
        .isEqualTo((long) HEADER + (long) segments * SEGMENT_OVERHEAD + size);
    assertThat(sealed.checksum()).matches("[0-9a-f]{64}");
  }

  @Test
  void the_sealed_object_holds_nothing_of_the_snapshot_in_the_clear() throws IOException {
    String secret = "account-number-4929-0000-1111-2222";
    Path snapshot =
        write("snapshot", (secret + "\n").repeat(10_000).getBytes(StandardCharsets.UTF_8));

    BackupVault.Sealed sealed = vault.seal(snapshot, "org/env/plain.1.bak");

    String sealedText =
        new String(Files.readAllBytes(sealedFile(sealed)), StandardCharsets.ISO_8859_1);
    assertThat(sealedText).doesNotContain("account-number").doesNotContain("4929");
  }

  @Test
  void a_flipped_byte_is_refused() throws IOException {
    BackupVault.Sealed sealed = seal(3 * MIB + MIB / 2);
    byte[] bytes = Files.readAllBytes(sealedFile(sealed));
    bytes[HEADER + 4 + 1000] ^= 0x01;
    Files.write(sealedFile(sealed), bytes);

    assertCorrupted(sealed, sealed.checksum());
  }

  @Test
  void a_flipped_byte_in_the_header_is_refused() throws IOException {
    BackupVault.Sealed sealed = seal(1000);
    byte[] bytes = Files.readAllBytes(sealedFile(sealed));
    bytes[HEADER - 1] ^= 0x01; // the nonce base
    Files.write(sealedFile(sealed), bytes);

    assertCorrupted(sealed, sealed.checksum());
  }

  @Test
  void a_truncated_object_is_refused() throws IOException {
    BackupVault.Sealed sealed = seal(3 * MIB + MIB / 2);
    byte[] bytes = Files.readAllBytes(sealedFile(sealed));
    Files.write(sealedFile(sealed), Arrays.copyOf(bytes, bytes.length - 10));

    assertCorrupted(sealed, sealed.checksum());
  }

  @Test
  void an_object_cut_at_a_segment_boundary_is_refused() throws IOException {
    BackupVault.Sealed sealed = seal(3 * MIB + MIB / 2);
    byte[] bytes = Files.readAllBytes(sealedFile(sealed));
    int twoSegments = HEADER + 2 * (SEGMENT_OVERHEAD + SEGMENT);
    Files.write(sealedFile(sealed), Arrays.copyOf(bytes, twoSegments));

    assertCorrupted(sealed, sealed.checksum());
  }

  @Test
  void swapped_segments_are_refused() throws IOException {
    BackupVault.Sealed sealed = seal(3 * MIB + MIB / 2);
    byte[] bytes = Files.readAllBytes(sealedFile(sealed));
    int segment = SEGMENT_OVERHEAD + SEGMENT;
    byte[] swapped = bytes.clone();
    System.arraycopy(bytes, HEADER, swapped, HEADER + segment, segment);
    System.arraycopy(bytes, HEADER + segment, swapped, HEADER, segment);
    Files.write(sealedFile(sealed), swapped);

    assertCorrupted(sealed, sealed.checksum());
  }

  @Test
  void trailing_bytes_are_refused() throws IOException {
    BackupVault.Sealed sealed = seal(MIB);
    byte[] bytes = Files.readAllBytes(sealedFile(sealed));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    Files.write(sealedFile(sealed), longer);

    assertCorrupted(sealed, sealed.checksum());
  }

  @Test
  void an_intact_object_is_refused_when_its_checksum_differs() throws IOException {
    BackupVault.Sealed sealed = seal(5000);
    char[] other = sealed.checksum().toCharArray();
    other[0] = other[0] == '0' ? '1' : '0';

    assertCorrupted(sealed, new String(other));
    assertThatThrownBy(() -> vault.unseal(ref(sealed, new String(other)), dir.resolve("again")))
        .hasMessageContaining("checksum");
  }

  @Test
  void a_missing_object_is_no_such_file_and_leaves_no_target() throws IOException {
    BackupVault.Sealed sealed = seal(10);
    Files.delete(sealedFile(sealed));
    Path target = dir.resolve("restored");

    assertThatThrownBy(() -> vault.unseal(ref(sealed, sealed.checksum()), target))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(target).doesNotExist();
  }

  @Test
  void a_seal_that_cannot_read_its_snapshot_leaves_nothing_in_the_store() throws IOException {
    assertThatThrownBy(() -> vault.seal(dir.resolve("missing"), "org/env/none.1.bak"))
        .isInstanceOf(NoSuchFileException.class);

    if (Files.exists(store.directory())) {
      try (Stream<Path> files = Files.walk(store.directory())) {
        assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
      }
    }
  }

  private void assertCorrupted(BackupVault.Sealed sealed, String checksum) {
    Path target = dir.resolve("restored-" + System.nanoTime());
    assertThatThrownBy(() -> vault.unseal(ref(sealed, checksum), target))
        .isInstanceOf(BackupCorruptedException.class);
    assertThat(target).as("a corrupted backup leaves no target").doesNotExist();
  }

  private BackupVault.Sealed seal(int size) throws IOException {
    return vault.seal(write("snapshot-" + size, content(size)), "org/env/b" + size + ".1.bak");
  }

  private Path sealedFile(BackupVault.Sealed sealed) {
    return store.directory().resolve(sealed.storageKey());
  }

  private static BackupVault.SealedRef ref(BackupVault.Sealed sealed, String checksum) {
    return new BackupVault.SealedRef(
        sealed.storageKey(), checksum, sealed.encryptedDataKey(), sealed.kmsKeyId());
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] content(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }
}
