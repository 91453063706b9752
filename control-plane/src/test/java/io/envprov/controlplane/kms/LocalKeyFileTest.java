package io.envprov.controlplane.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyFileTest {

  @TempDir Path dir;

  @Test
  void the_key_file_is_created_on_first_use_readable_by_its_owner_only() throws Exception {
    Path file = dir.resolve("kms/local-master.key");

    LocalKeyFile.open(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void a_data_key_wrapped_before_a_restart_unwraps_after_it() {
    Path file = dir.resolve("local-master.key");
    DataKey key = LocalKeyFile.open(file).generateDataKey();

    LocalKeyFile reopened = LocalKeyFile.open(file);

    assertThat(reopened.keyId()).isEqualTo(key.keyId());
    assertThat(reopened.decryptDataKey(key.keyId(), key.wrapped())).isEqualTo(key.plaintext());
    assertThat(key.toString())
        .doesNotContain(new String(key.plaintext(), java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void an_altered_wrapped_key_or_another_master_key_does_not_open() {
    LocalKeyFile keys = LocalKeyFile.open(dir.resolve("a.key"));
    DataKey key = keys.generateDataKey();
    byte[] altered = key.wrapped().clone();
    altered[altered.length - 1] ^= 1;

    assertThatThrownBy(() -> keys.decryptDataKey(key.keyId(), altered))
        .isInstanceOf(KeyManagementException.class);
    LocalKeyFile other = LocalKeyFile.open(dir.resolve("b.key"));
    assertThatThrownBy(() -> other.decryptDataKey(key.keyId(), key.wrapped()))
        .isInstanceOf(KeyManagementException.class);
  }
}
