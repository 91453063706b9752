package io.envprov.controlplane.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/** {@link AwsKms} through the real AWS SDK against {@link KmsTestServer}. */
class AwsKmsTest {

  private KmsTestServer server;
  private String key;

  @BeforeEach
  void start() {
    server = KmsTestServer.start();
    key = server.createKey();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AwsKms kms(String keyId) {
    return AwsKms.create(properties(server, keyId, 2));
  }

  static KmsProperties properties(KmsTestServer server, String keyId, int maxAttempts) {
    return new KmsProperties(
        KmsProperties.AWS,
        keyId,
        KmsTestServer.REGION,
        server.endpoint(),
        "AKIATESTTESTTEST",
        "test-secret-access-key",
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        maxAttempts,
        null);
  }

  @Test
  void a_data_key_from_generate_data_key_unwraps_to_the_same_bytes_and_names_the_key_arn() {
    try (AwsKms kms = kms(key)) {
      DataKey dataKey = kms.generateDataKey();

      assertThat(dataKey.plaintext()).hasSize(32);
      assertThat(dataKey.keyId()).isEqualTo(KmsTestServer.arn(key));
      assertThat(dataKey.wrapped()).isNotEqualTo(dataKey.plaintext());
      assertThat(kms.decryptDataKey(dataKey.keyId(), dataKey.wrapped()))
          .isEqualTo(dataKey.plaintext());
      assertThat(dataKey.toString())
          .doesNotContain(Base64.getEncoder().encodeToString(dataKey.plaintext()));
      assertThat(server.requests("GenerateDataKey")).isEqualTo(1);
      assertThat(server.requests("Decrypt")).isEqualTo(1);
    }
  }

  @Test
  void an_alias_resolves_to_its_key_arn_and_data_keys_made_under_it_record_the_arn() {
    server.createAlias("alias/envprov", key);
    try (AwsKms kms = kms("alias/envprov")) {

      assertThat(kms.keyId()).isEqualTo("alias/envprov");
      assertThat(kms.resolveKeyId("alias/envprov")).isEqualTo(KmsTestServer.arn(key));
      DataKey dataKey = kms.generateDataKey();
      assertThat(dataKey.keyId()).isEqualTo(KmsTestServer.arn(key));
      assertThat(kms.decryptDataKey(dataKey.keyId(), dataKey.wrapped()))
          .isEqualTo(dataKey.plaintext());
    }
  }

  @Test
  void a_data_key_wrapped_under_another_key_opens_under_that_key_only() {
    String other = server.createKey();
    try (AwsKms kms = kms(key)) {
      DataKey dataKey = kms.generateDataKey();

      byte[] rewrapped = kms.wrapDataKey(KmsTestServer.arn(other), dataKey.plaintext());

      assertThat(kms.decryptDataKey(KmsTestServer.arn(other), rewrapped))
          .isEqualTo(dataKey.plaintext());
      KeyManagementException wrongKey =
          catchThrowableOfType(
              KeyManagementException.class,
              () -> kms.decryptDataKey(KmsTestServer.arn(key), rewrapped));
      assertThat(wrongKey.unavailable()).isFalse();
      assertThat(wrongKey).hasMessageContaining("IncorrectKeyException");
    }
  }

  @Test
  void an_altered_wrapped_key_is_refused_not_an_outage_and_the_refusal_shows_no_key_material() {
    try (AwsKms kms = kms(key)) {
      DataKey dataKey = kms.generateDataKey();
      byte[] altered = dataKey.wrapped().clone();
      altered[altered.length - 1] ^= 1;

      KeyManagementException refused =
          catchThrowableOfType(
              KeyManagementException.class, () -> kms.decryptDataKey(dataKey.keyId(), altered));

      assertThat(refused.unavailable()).isFalse();
      assertThat(refused).hasMessageContaining("InvalidCiphertextException");
      assertThat(chain(refused))
          .doesNotContain(Base64.getEncoder().encodeToString(dataKey.plaintext()))
          .doesNotContain(Base64.getEncoder().encodeToString(altered));
    }
  }

  @Test
  void an_unknown_alias_or_a_disabled_key_is_refused_not_an_outage() {
    try (AwsKms unknown = kms("alias/does-not-exist")) {
      KeyManagementException notFound =
          catchThrowableOfType(KeyManagementException.class, unknown::generateDataKey);
      assertThat(notFound.unavailable()).isFalse();
      assertThat(notFound).hasMessageContaining("NotFoundException");
    }
    try (AwsKms kms = kms(key)) {
      DataKey dataKey = kms.generateDataKey();
      server.disableKey(key);

      KeyManagementException disabled =
          catchThrowableOfType(
              KeyManagementException.class,
              () -> kms.decryptDataKey(dataKey.keyId(), dataKey.wrapped()));
      assertThat(disabled.unavailable()).isFalse();
      assertThat(disabled).hasMessageContaining("DisabledException");
    }
  }

  @Test
  void refused_connections_are_an_outage_and_the_same_client_works_once_kms_is_back() {
    try (AwsKms kms = kms(key)) {
      DataKey before = kms.generateDataKey();
      server.setAvailable(false);

      KeyManagementException outage =
          catchThrowableOfType(KeyManagementException.class, kms::generateDataKey);
      KeyManagementException unwrapOutage =
          catchThrowableOfType(
              KeyManagementException.class,
              () -> kms.decryptDataKey(before.keyId(), before.wrapped()));

      assertThat(outage.unavailable()).isTrue();
      assertThat(unwrapOutage.unavailable()).isTrue();
      assertThat(server.requests()).isEqualTo(1);

      server.setAvailable(true);
      assertThat(kms.decryptDataKey(before.keyId(), before.wrapped()))
          .isEqualTo(before.plaintext());
      assertThat(kms.generateDataKey().keyId()).isEqualTo(KmsTestServer.arn(key));
    }
  }

  @Test
  void a_kms_that_stops_answering_is_cut_off_by_the_call_timeout_as_an_outage_then_recovers() {
    try (AwsKms kms = kms(key)) {
      server.setOutage(KmsTestServer.Outage.STALLED);

      KeyManagementException outage =
          catchThrowableOfType(KeyManagementException.class, kms::generateDataKey);

      assertThat(outage.unavailable()).isTrue();
      assertThat(causes(outage))
          .as("cut off by the client's own timeouts")
          .containsAnyOf(ApiCallTimeoutException.class, SocketTimeoutException.class);
      server.setOutage(KmsTestServer.Outage.NONE);
      assertThat(kms.generateDataKey().plaintext()).hasSize(32);
    }
  }

  @Test
  void internal_errors_are_an_outage_after_the_configured_attempts_and_no_more() {
    try (AwsKms kms = AwsKms.create(properties(server, key, 3))) {
      server.setOutage(KmsTestServer.Outage.INTERNAL_ERROR);

      KeyManagementException outage =
          catchThrowableOfType(KeyManagementException.class, kms::generateDataKey);

      assertThat(outage.unavailable()).isTrue();
      assertThat(outage).hasMessageContaining("KMSInternalException");
      assertThat(server.requests("GenerateDataKey")).isEqualTo(3);
      server.setOutage(KmsTestServer.Outage.NONE);
      assertThat(kms.generateDataKey().keyId()).isEqualTo(KmsTestServer.arn(key));
    }
  }

  @Test
  void throttling_is_an_outage_not_a_refusal() {
    try (AwsKms kms = AwsKms.create(properties(server, key, 1))) {
      server.setOutage(KmsTestServer.Outage.THROTTLED);

      KeyManagementException throttled =
          catchThrowableOfType(KeyManagementException.class, kms::generateDataKey);

      assertThat(throttled.unavailable()).isTrue();
      assertThat(throttled).hasMessageContaining("ThrottlingException");
    }
  }

  @Test
  void concurrent_callers_share_one_client_and_each_gets_its_own_data_key() throws Exception {
    try (AwsKms kms = kms(key)) {
      List<Thread> threads = new ArrayList<>();
      List<DataKey> keys = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 8; i++) {
        Thread thread = new Thread(() -> keys.add(kms.generateDataKey()));
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }

      assertThat(keys).hasSize(8);
      assertThat(keys.stream().map(k -> Base64.getEncoder().encodeToString(k.plaintext())))
          .doesNotHaveDuplicates();
      for (DataKey dataKey : keys) {
        assertThat(kms.decryptDataKey(dataKey.keyId(), dataKey.wrapped()))
            .isEqualTo(dataKey.plaintext());
      }
    }
  }

  private static List<Class<?>> causes(Throwable e) {
    List<Class<?>> types = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      types.add(t.getClass());
    }
    return types;
  }

  private static String chain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}
