package io.envprov.controlplane.web;

import static io.envprov.controlplane.store.Tables.IdempotencyRecord.*;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Timestamps;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST: the first successful response to a key is kept and replayed for
 * every retry with the same key and body; the same key with another body is 422 {@code
 * idempotency_key_reused}; a retry while the first is still running is 409 {@code
 * idempotency_in_progress}. A failed first attempt frees the key. A key lives for {@code
 * controlplane.idempotency.ttl} (24 h): after it the key may name a new request (the old record is
 * taken over), and {@link IdempotencyPurge} deletes expired records.
 */
@Component
public class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 255;

  private final DSLContext dsl;
  private final JsonMapper json;
  private final Clock clock;
  private final IdempotencyProperties properties;

  Idempotency(DSLContext dsl, JsonMapper json, Clock clock, IdempotencyProperties properties) {
    this.dsl = dsl;
    this.json = json;
    this.clock = clock;
    this.properties = properties;
  }

  /** Runs the action of a POST once per (caller, key): the usual way controllers call this. */
  public ResponseEntity<Object> once(
      Actor actor,
      @Nullable String key,
      ServerHttpRequest request,
      @Nullable Object body,
      Supplier<ResponseEntity<Object>> action) {
    return once(actor, key, request, body, action, UnaryOperator.identity());
  }

  /**
   * As {@link #once(Actor, String, ServerHttpRequest, Object, Supplier)}, keeping for replays only
   * what {@code remembered} makes of the response body: a response carrying a secret is stored
   * without it (a replay then answers without the secret).
   */
  public ResponseEntity<Object> once(
      Actor actor,
      @Nullable String key,
      ServerHttpRequest request,
      @Nullable Object body,
      Supplier<ResponseEntity<Object>> action,
      UnaryOperator<Object> remembered) {
    if (key == null) {
      return action.get();
    }
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw ApiException.validation(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    String principal = actor.principalId().toString();
    String method = request.getMethod().name();
    String path = request.getPath().value();
    String hash = hash(method + " " + path + "\n" + json.writeValueAsString(body));
    OffsetDateTime now = Timestamps.now(clock);
    if (!claim(principal, key, method, path, hash, now)) {
      return replayed(principal, key, hash);
    }
    ResponseEntity<Object> response;
    try {
      response = action.get();
    } catch (RuntimeException | Error e) {
      dsl.deleteFrom(TABLE)
          .where(PRINCIPAL.eq(principal))
          .and(IDEM_KEY.eq(key))
          .and(STATUS_CODE.isNull())
          .execute();
      throw e;
    }
    URI location = response.getHeaders().getLocation();
    dsl.update(TABLE)
        .set(STATUS_CODE, response.getStatusCode().value())
        .set(RESPONSE_BODY, json.writeValueAsString(remembered.apply(response.getBody())))
        .set(LOCATION, location == null ? null : location.toString())
        .where(PRINCIPAL.eq(principal))
        .and(IDEM_KEY.eq(key))
        .execute();
    return response;
  }

  /**
   * Claims the key: a new record, or one that outlived the time to live taken over as if it were
   * new (one statement: of two requests taking over the same expired key, the second sees the
   * first's fresh record and is answered as a retry of it).
   */
  private boolean claim(
      String principal, String key, String method, String path, String hash, OffsetDateTime now) {
    int inserted =
        dsl.insertInto(TABLE)
            .set(PRINCIPAL, principal)
            .set(IDEM_KEY, key)
            .set(METHOD, method)
            .set(PATH, path)
            .set(REQUEST_HASH, hash)
            .set(CREATED_AT, now)
            .onConflictDoNothing()
            .execute();
    return inserted > 0
        || dsl.update(TABLE)
                .set(METHOD, method)
                .set(PATH, path)
                .set(REQUEST_HASH, hash)
                .set(STATUS_CODE, (Integer) null)
                .set(RESPONSE_BODY, (String) null)
                .set(LOCATION, (String) null)
                .set(CREATED_AT, now)
                .where(PRINCIPAL.eq(principal))
                .and(IDEM_KEY.eq(key))
                .and(CREATED_AT.lt(now.minus(properties.ttl())))
                .execute()
            > 0;
  }

  private ResponseEntity<Object> replayed(String principal, String key, String hash) {
    Record record =
        dsl.selectFrom(TABLE).where(PRINCIPAL.eq(principal)).and(IDEM_KEY.eq(key)).fetchOne();
    if (record == null) {
      throw inProgress();
    }
    if (!hash.equals(record.get(REQUEST_HASH))) {
      throw new ApiException(
          ErrorCode.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with another request");
    }
    Integer status = record.get(STATUS_CODE);
    if (status == null) {
      throw inProgress();
    }
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(HttpStatus.valueOf(status)).header("Idempotent-Replayed", "true");
    if (record.get(LOCATION) != null) {
      builder.location(URI.create(record.get(LOCATION)));
    }
    return builder.body((Object) json.readTree(record.get(RESPONSE_BODY)));
  }

  private static ApiException inProgress() {
    return new ApiException(
        ErrorCode.IDEMPOTENCY_IN_PROGRESS,
        "the first request with this Idempotency-Key is still running");
  }

  private static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
