package io.envprov.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

class RequestHandlingTest extends ApiTestSupport {

  @Test
  void a_request_without_a_token_is_unauthenticated() {
    anonymous
        .get()
        .uri("/v1/organizations")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("unauthenticated");
  }

  @Test
  void a_request_with_a_wrong_token_is_unauthenticated_and_creates_nothing() {
    String slug = slug("intruder");
    anonymous
        .post()
        .uri("/v1/organizations")
        .header(HttpHeaders.AUTHORIZATION, "Bearer ep_not-a-real-key")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("slug", slug, "name", "Intruder"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("unauthenticated");

    JsonNode all = get("/v1/organizations?limit=500");
    all.get("items").forEach(item -> assertThat(item.get("slug").asString()).isNotEqualTo(slug));
  }

  @Test
  void malformed_json_is_a_bad_request_without_internals() {
    byte[] body =
        admin()
            .post()
            .uri("/v1/organizations")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"slug\": \"abc\", ")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();

    JsonNode problem = JSON.readTree(body);
    assertThat(problem.get("code").asString()).isEqualTo("malformed_request");
    assertThat(new String(body, StandardCharsets.UTF_8))
        .doesNotContain("Exception")
        .doesNotContain("at io.")
        .doesNotContain("jackson");
  }

  @Test
  void a_missing_body_is_a_bad_request() {
    admin()
        .post()
        .uri("/v1/organizations")
        .contentType(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("malformed_request");
  }

  @Test
  void a_body_over_the_limit_is_refused_with_413() {
    String huge = "x".repeat(70_000);

    admin()
        .post()
        .uri("/v1/organizations")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("slug", slug("big"), "name", huge))
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("payload_too_large");
  }

  @Test
  void a_streamed_body_over_the_limit_is_refused_with_413() {
    DefaultDataBufferFactory buffers = new DefaultDataBufferFactory();
    String json = "{\"slug\":\"big-stream\",\"name\":\"" + "y".repeat(100_000) + "\"}";
    Flux<DataBuffer> chunks =
        Flux.range(0, json.length() / 1000 + 1)
            .map(
                i ->
                    buffers.wrap(
                        json.substring(i * 1000, Math.min(json.length(), (i + 1) * 1000))
                            .getBytes(StandardCharsets.UTF_8)));

    admin()
        .post()
        .uri("/v1/organizations")
        .contentType(MediaType.APPLICATION_JSON)
        .body(chunks, DataBuffer.class)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("payload_too_large");
  }

  @Test
  void a_body_that_is_not_json_is_an_unsupported_media_type() {
    admin()
        .post()
        .uri("/v1/organizations")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("slug=abc")
        .exchange()
        .expectStatus()
        .isEqualTo(415)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("unsupported_media_type");
  }

  @Test
  void an_unknown_route_is_not_found_as_a_problem() {
    admin()
        .get()
        .uri("/v1/nothing-here")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("not_found");
  }

  @Test
  void health_is_open_without_a_token_as_a_bare_status_and_platform_admins_see_the_components() {
    anonymous
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components")
        .doesNotExist();
    admin()
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.store.status")
        .isEqualTo("UP")
        .jsonPath("$.components.drivers.details.sqlite")
        .value(detail -> assertThat(detail.toString()).startsWith("UP"));
  }

  @Test
  void metrics_need_a_token() {
    anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
    admin()
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(text -> assertThat(text).contains("jvm_memory_used_bytes"));
  }

  @Test
  void the_api_docs_and_swagger_ui_are_served() {
    // The first request builds the whole document by reflection: seconds on a busy machine.
    anonymous
        .mutate()
        .responseTimeout(Duration.ofSeconds(60))
        .build()
        .get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.paths['/v1/organizations']")
        .exists();
    anonymous.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }
}
