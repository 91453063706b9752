package io.envprov.controlplane.kms;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.Idempotency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * KMS key rotation (platform admins only): re-wrap every data key under a key, and see which keys
 * wrap how many data keys. A key manager that cannot be reached is 503 {@code kms_unavailable}
 * before anything is enqueued; a target it refuses is 400.
 */
@RestController
@RequestMapping(path = "/v1/kms", produces = "application/json")
class KmsController {

  private final KeyRewrap rewrap;
  private final Idempotency idempotency;

  KmsController(KeyRewrap rewrap, Idempotency idempotency) {
    this.rewrap = rewrap;
    this.idempotency = idempotency;
  }

  /**
   * The body of {@code POST /v1/kms/rewrap}.
   *
   * @param keyId the key to move data keys to (an id, ARN, alias or local key name); the current
   *     key when absent
   */
  record RewrapRequest(@Nullable @Size(min = 1, max = 2048) String keyId) {}

  /** One key and how many data keys it wraps. */
  record DataKeyCount(String keyId, int count) {}

  /** The body of {@code GET /v1/kms/keys}. */
  record Keys(String currentKeyId, List<DataKeyCount> dataKeys) {}

  @PostMapping("/rewrap")
  ResponseEntity<Object> rewrap(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody(required = false) @Nullable RewrapRequest body,
      ServerHttpRequest request) {
    @Nullable String target = body == null ? null : body.keyId();
    return idempotency.once(actor, key, request, body, () -> start(actor, target));
  }

  @GetMapping("/keys")
  Keys keys() {
    KeyRewrap.Inventory inventory = rewrap.inventory();
    return new Keys(
        inventory.currentKeyId(),
        inventory.dataKeys().entrySet().stream()
            .map(e -> new DataKeyCount(e.getKey(), e.getValue()))
            .toList());
  }

  /** 202 once the rewrap is enqueued; a target the key manager refuses is 400. */
  private ResponseEntity<Object> start(Actor actor, @Nullable String target) {
    KeyRewrap.Started started;
    try {
      started = rewrap.start(actor.name(), target);
    } catch (KeyManagementException e) {
      if (e.unavailable()) {
        throw e;
      }
      throw ApiException.validation("key_id", "the key manager refuses it: " + e.getMessage());
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED).body((Object) started);
  }
}
