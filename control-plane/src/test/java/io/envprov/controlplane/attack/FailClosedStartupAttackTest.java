package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.envprov.controlplane.config.StartupRefused;
import io.envprov.controlplane.kms.KmsTestServer;
import io.envprov.controlplane.support.ApiTestSupport;
import io.envprov.controlplane.support.RunningService;
import io.envprov.controlplane.support.TestOidcIssuer;
import io.envprov.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Item 5 of issue 10: the service fails closed. A KMS key that does not exist or cannot be used, a
 * corrupt local key file, or an OIDC issuer without an audience stop the start with one clear
 * reason (instead of a 500 on the first rotation, or tokens made for any application signing in);
 * and OIDC tokens sign in only with {@code email_verified: true}, for this client ({@code azp}),
 * and of an ID or access token type.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailClosedStartupAttackTest extends ApiTestSupport {

  private static final TestOidcIssuer IDP = TestOidcIssuer.start();
  private static final String CLIENT_ID = "envprov-control-plane";
  private static final TestPostgres.Database OTHER_STORE = TestPostgres.newDatabase();

  @TempDir Path dataDir;

  @DynamicPropertySource
  static void oidc(DynamicPropertyRegistry registry) {
    registry.add("controlplane.oidc.issuer", IDP::issuer);
    registry.add("controlplane.oidc.audience", () -> CLIENT_ID);
  }

  @AfterAll
  static void stopIssuer() {
    IDP.close();
  }

  @Test
  void a_kms_key_that_does_not_exist_stops_the_start_with_one_clear_reason(CapturedOutput output) {
    try (KmsTestServer kms = KmsTestServer.start()) {
      kms.createKey();

      StartupRefused refused = refusedStart(aws(kms, "alias/does-not-exist"));

      assertThat(refused)
          .hasMessageContaining("controlplane.kms.key-id alias/does-not-exist cannot be used")
          .hasMessageContaining("NotFoundException");
      assertThat(output.getAll())
          .contains("APPLICATION FAILED TO START")
          .contains(refused.getMessage());
    }
  }

  @Test
  void a_disabled_kms_key_or_one_that_cannot_encrypt_stops_the_start() {
    try (KmsTestServer kms = KmsTestServer.start()) {
      String disabled = kms.createKey();
      kms.disableKey(disabled);
      String signing = kms.createKey("SIGN_VERIFY");

      assertThat(refusedStart(aws(kms, disabled)))
          .hasMessageContaining(disabled)
          .hasMessageContaining("not enabled");
      assertThat(refusedStart(aws(kms, signing)))
          .hasMessageContaining(signing)
          .hasMessageContaining("SIGN_VERIFY");
      assertThat(kms.requests("DescribeKey")).isEqualTo(2);
    }
  }

  @Test
  void a_usable_kms_key_is_checked_at_start_with_describe_key_and_a_test_data_key() {
    try (KmsTestServer kms = KmsTestServer.start()) {
      kms.createAlias("alias/good", kms.createKey());

      try (RunningService service =
          RunningService.start(OTHER_STORE, dataDir, aws(kms, "alias/good"))) {
        service.get("/v1/kms/keys");
      }

      assertThat(kms.requests("DescribeKey")).isEqualTo(1);
      assertThat(kms.requests("GenerateDataKey")).isGreaterThanOrEqualTo(1);
      assertThat(kms.requests("Decrypt")).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void a_corrupt_local_key_file_stops_the_start_naming_the_file() throws Exception {
    Path keyFile = dataDir.resolve("kms").resolve("local-master.key");
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, "this is not a key\n", StandardCharsets.US_ASCII);

    assertThat(refusedStart(Map.of()))
        .hasMessageContaining(keyFile.getParent().toAbsolutePath().toString())
        .hasMessageContaining("cannot be used");
    assertThat(Files.readString(keyFile)).isEqualTo("this is not a key\n");
  }

  @Test
  void an_oidc_issuer_without_an_audience_stops_the_start() {
    assertThat(
            refusedStart(
                Map.of("controlplane.oidc.issuer", IDP.issuer(), "controlplane.oidc.audience", "")))
        .hasMessageContaining("controlplane.oidc.audience");
  }

  @Test
  void a_token_whose_email_is_not_verified_as_a_json_true_does_not_sign_in() {
    String email = "unverified-" + UUID.randomUUID() + "@example.com";
    createUser(email);

    assertUnauthenticated(IDP.tokenOfType("JWT", CLIENT_ID, Map.of("email", email)));
    assertUnauthenticated(
        IDP.tokenOfType("JWT", CLIENT_ID, Map.of("email", email, "email_verified", "true")));
    assertUnauthenticated(
        IDP.tokenOfType("JWT", CLIENT_ID, Map.of("email", email, "email_verified", false)));
    assertSignedIn(
        IDP.tokenOfType("JWT", CLIENT_ID, Map.of("email", email, "email_verified", true)));
  }

  @Test
  void a_token_the_issuer_made_for_another_client_does_not_sign_in_even_if_it_names_us_too() {
    String email = "azp-" + UUID.randomUUID() + "@example.com";
    createUser(email);
    Map<String, Object> verified = Map.of("email", email, "email_verified", true);

    assertUnauthenticated(IDP.tokenOfType("JWT", CLIENT_ID, with(verified, "azp", "other-app")));
    assertUnauthenticated(
        IDP.tokenOfType("JWT", CLIENT_ID, with(verified, "aud", List.of("other-app", CLIENT_ID))));
    assertSignedIn(IDP.tokenOfType("JWT", CLIENT_ID, with(verified, "azp", CLIENT_ID)));
    assertSignedIn(
        IDP.tokenOfType(
            "JWT",
            CLIENT_ID,
            with(with(verified, "aud", List.of("other-app", CLIENT_ID)), "azp", CLIENT_ID)));
  }

  @Test
  void a_token_of_another_type_than_an_id_or_access_token_does_not_sign_in() {
    String email = "typ-" + UUID.randomUUID() + "@example.com";
    createUser(email);
    Map<String, Object> verified = Map.of("email", email, "email_verified", true);

    assertUnauthenticated(IDP.tokenOfType("logout+jwt", CLIENT_ID, verified));
    assertUnauthenticated(IDP.tokenOfType("dpop+jwt", CLIENT_ID, verified));
    assertSignedIn(IDP.tokenOfType("at+jwt", CLIENT_ID, verified));
    assertSignedIn(IDP.tokenOfType(null, CLIENT_ID, verified));
  }

  private StartupRefused refusedStart(Map<String, String> extra) {
    Throwable thrown =
        catchThrowable(() -> RunningService.start(OTHER_STORE, dataDir, extra).close());
    assertThat(thrown).as("the service started").isNotNull();
    Throwable root = thrown;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertThat(root).isInstanceOf(StartupRefused.class);
    return (StartupRefused) root;
  }

  private static Map<String, String> aws(KmsTestServer kms, String keyId) {
    Map<String, String> properties = new HashMap<>();
    properties.put("controlplane.kms.provider", "aws");
    properties.put("controlplane.kms.key-id", keyId);
    properties.put("controlplane.kms.region", KmsTestServer.REGION);
    properties.put("controlplane.kms.endpoint", kms.endpoint().toString());
    properties.put("controlplane.kms.access-key-id", "AKIATESTTESTTEST");
    properties.put("controlplane.kms.secret-access-key", "test-secret-access-key");
    return properties;
  }

  private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
    Map<String, Object> more = new HashMap<>(claims);
    more.put(name, value);
    return more;
  }

  private void createUser(String email) {
    post("/v1/users", Map.of("email", email, "name", "OIDC user"), 201);
  }

  private void assertSignedIn(String token) {
    bearer(token).get().uri("/v1/organizations").exchange().expectStatus().isOk();
  }

  private void assertUnauthenticated(String token) {
    bearer(token)
        .get()
        .uri("/v1/organizations")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("unauthenticated");
  }

  private WebTestClient bearer(String token) {
    return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
  }
}
