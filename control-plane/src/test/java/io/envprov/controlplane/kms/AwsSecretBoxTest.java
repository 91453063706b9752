package io.envprov.controlplane.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Envelope encryption with data keys from AWS KMS (the real SDK against {@link KmsTestServer}). */
class AwsSecretBoxTest {

  private KmsTestServer server;
  private AwsKms kms;
  private SecretBox box;

  @BeforeEach
  void start() {
    server = KmsTestServer.start();
    String key = server.createKey();
    server.createAlias("alias/secrets", key);
    kms = AwsKms.create(AwsKmsTest.properties(server, "alias/secrets", 2));
    box = new SecretBox(kms);
  }

  @AfterEach
  void stop() {
    kms.close();
    server.close();
  }

  @Test
  void a_secret_sealed_with_a_kms_data_key_opens_in_its_own_context_only() {
    SecretBox.Sealed sealed = box.seal("tok3n-value", "database_credential:c1:d1");

    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("tok3n");
    assertThat(sealed.keyId()).startsWith("arn:aws:kms:");
    assertThat(box.open(sealed, "database_credential:c1:d1")).isEqualTo("tok3n-value");
    KeyManagementException moved =
        catchThrowableOfType(
            KeyManagementException.class, () -> box.open(sealed, "database_credential:c2:d1"));
    assertThat(moved.unavailable()).isFalse();
    assertThat(moved).hasMessageNotContaining("tok3n");
  }

  @Test
  void a_secret_rewrapped_under_a_new_kms_key_keeps_its_ciphertext_and_opens_under_the_new_key() {
    SecretBox.Sealed sealed = box.seal("tok3n-value", "ctx");
    String newKey = kms.resolveKeyId(KmsTestServer.arn(server.createKey()));

    SecretBox.Sealed moved = box.rewrap(sealed, newKey);

    assertThat(moved.ciphertext()).isEqualTo(sealed.ciphertext());
    assertThat(moved.keyId()).isEqualTo(newKey);
    assertThat(box.open(moved, "ctx")).isEqualTo("tok3n-value");
  }

  @Test
  void sealing_while_kms_is_unreachable_fails_as_an_outage_before_anything_is_sealed() {
    server.setAvailable(false);

    KeyManagementException outage =
        catchThrowableOfType(KeyManagementException.class, () -> box.sealer());

    assertThat(outage.unavailable()).isTrue();
    server.setAvailable(true);
    assertThat(box.open(box.seal("after", "ctx"), "ctx")).isEqualTo("after");
  }
}
