package io.envprov.controlplane.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

  @TempDir Path dir;

  @Test
  void a_sealed_secret_opens_in_its_own_context_and_holds_no_plaintext() {
    SecretBox box = new SecretBox(LocalKeyFile.open(dir.resolve("k")));

    SecretBox.Sealed sealed = box.seal("s3cr3t-password", "database_server:1");

    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("s3cr3t");
    assertThat(box.open(sealed, "database_server:1")).isEqualTo("s3cr3t-password");
  }

  @Test
  void a_ciphertext_moved_to_another_row_does_not_open() {
    SecretBox box = new SecretBox(LocalKeyFile.open(dir.resolve("k")));
    SecretBox.Sealed sealed = box.seal("s3cr3t", "database_server:1");

    assertThatThrownBy(() -> box.open(sealed, "database_server:2"))
        .isInstanceOf(KeyManagementException.class)
        .hasMessageNotContaining("s3cr3t");
  }
}
