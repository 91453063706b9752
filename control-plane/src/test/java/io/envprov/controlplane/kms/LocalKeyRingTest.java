package io.envprov.controlplane.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyRingTest {

  @TempDir Path dir;

  @Test
  void the_current_key_is_a_file_named_after_it_created_on_first_use_readable_by_its_owner_only()
      throws Exception {
    LocalKeyRing ring = LocalKeyRing.open(dir.resolve("kms"), "local-master");

    Path file = dir.resolve("kms/local-master.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(ring.keyId()).matches("local:[0-9a-f]{16}");
    try (var files = Files.list(dir.resolve("kms"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("local-master.key");
    }
  }

  @Test
  void the_key_file_of_earlier_versions_keeps_its_id_and_keeps_opening_what_it_wrapped() {
    LocalKeyFile earlier = LocalKeyFile.open(dir.resolve("kms/local-master.key"));
    DataKey dataKey = earlier.generateDataKey();

    LocalKeyRing ring = LocalKeyRing.open(dir.resolve("kms"), KmsProperties.DEFAULT_LOCAL_KEY);

    assertThat(ring.keyId()).isEqualTo(earlier.keyId());
    assertThat(ring.decryptDataKey(dataKey.keyId(), dataKey.wrapped()))
        .isEqualTo(dataKey.plaintext());
  }

  @Test
  void a_secret_rewrapped_to_a_second_key_name_opens_after_a_restart_under_that_name()
      throws Exception {
    LocalKeyRing first = LocalKeyRing.open(dir, "first");
    SecretBox box = new SecretBox(first);
    SecretBox.Sealed sealed = box.seal("p4ssw0rd", "database_credential:1");

    String second = first.resolveKeyId("second");
    SecretBox.Sealed moved = box.rewrap(sealed, second);

    assertThat(second).matches("local:[0-9a-f]{16}").isNotEqualTo(first.keyId());
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("second.key"))))
        .isEqualTo("rw-------");
    assertThat(moved.ciphertext()).isEqualTo(sealed.ciphertext());
    assertThat(moved.keyId()).isEqualTo(second);
    LocalKeyRing reopened = LocalKeyRing.open(dir, "second");
    assertThat(reopened.keyId()).isEqualTo(second);
    SecretBox afterRestart = new SecretBox(reopened);
    assertThat(afterRestart.open(moved, "database_credential:1")).isEqualTo("p4ssw0rd");
    assertThat(afterRestart.open(sealed, "database_credential:1"))
        .as("data keys still under the first key open too")
        .isEqualTo("p4ssw0rd");
    assertThat(afterRestart.seal("new", "x").keyId()).isEqualTo(second);
  }

  @Test
  void a_key_file_renamed_or_added_later_is_found_by_its_id() throws Exception {
    LocalKeyRing ring = LocalKeyRing.open(dir, "current");
    LocalKeyFile elsewhere = LocalKeyFile.open(dir.resolve("other/old.key"));
    DataKey dataKey = elsewhere.generateDataKey();
    Files.move(dir.resolve("other/old.key"), dir.resolve("renamed.key"));

    assertThat(ring.decryptDataKey(dataKey.keyId(), dataKey.wrapped()))
        .isEqualTo(dataKey.plaintext());
  }

  @Test
  void a_name_that_is_not_a_plain_file_name_or_an_unknown_key_id_is_refused() {
    LocalKeyRing ring = LocalKeyRing.open(dir.resolve("kms"), "local-master");

    KeyManagementException traversal =
        catchThrowableOfType(KeyManagementException.class, () -> ring.resolveKeyId("../escape"));
    assertThat(traversal.unavailable()).isFalse();
    assertThat(dir.resolve("escape.key")).doesNotExist();
    KeyManagementException unknown =
        catchThrowableOfType(
            KeyManagementException.class, () -> ring.resolveKeyId("local:0000000000000000"));
    assertThat(unknown.unavailable()).isFalse();
    assertThatThrownBy(() -> ring.wrapDataKey("local:0000000000000000", new byte[32]))
        .isInstanceOf(KeyManagementException.class);
    assertThatThrownBy(() -> LocalKeyRing.open(dir, "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replicas_creating_the_same_new_key_at_once_all_end_up_with_one_key() throws Exception {
    int callers = 8;
    List<LocalKeyRing> rings = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      rings.add(LocalKeyRing.open(dir, "current"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (LocalKeyRing ring : rings) {
        tasks.add(() -> ring.resolveKeyId("next"));
      }
      Set<String> ids = new HashSet<>();
      for (Future<String> id : pool.invokeAll(tasks)) {
        ids.add(id.get());
      }

      assertThat(ids).hasSize(1);
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("current.key", "next.key");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
