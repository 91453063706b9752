package io.envprov.controlplane.web;

import io.envprov.controlplane.kms.KeyManagementException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Maps every failure to an RFC 9457 problem with a stable code. Nothing internal (stack traces,
 * SQL, driver messages with hosts) reaches the client: unexpected failures become a bare 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /**
   * The detail of every 404, whatever was not found and why: a resource of an organization the
   * caller has no role in answers exactly as one that does not exist, so the body must not name the
   * kind of resource or an id the lookup found on the way (an operation's environment, a
   * credential's environment).
   */
  static final String NOT_FOUND_DETAIL = "no such resource, or not visible to this principal";

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    if (e.code() == ErrorCode.NOT_FOUND) {
      return Problems.response(ErrorCode.NOT_FOUND, NOT_FOUND_DETAIL);
    }
    ResponseEntity<ProblemDetail> response =
        Problems.response(e.code(), e.getMessage(), e.errors());
    if (e.retryAfter() != null) {
      return ResponseEntity.status(response.getStatusCode())
          .headers(response.getHeaders())
          .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
          .body(response.getBody());
    }
    return response;
  }

  @ExceptionHandler(WebExchangeBindException.class)
  ResponseEntity<ProblemDetail> binding(WebExchangeBindException e) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    e.getFieldErrors()
        .forEach(
            f ->
                errors.add(
                    new ApiException.FieldError(
                        snakeCase(f.getField()),
                        f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage())));
    e.getGlobalErrors()
        .forEach(g -> errors.add(new ApiException.FieldError("body", g.getDefaultMessage())));
    errors.sort(java.util.Comparator.comparing(ApiException.FieldError::field));
    return Problems.response(
        ErrorCode.VALIDATION_FAILED,
        "the request has " + errors.size() + " invalid field(s)",
        errors);
  }

  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<ProblemDetail> input(ServerWebInputException e) {
    if (causedBy(e, DataBufferLimitException.class)) {
      return Problems.response(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
    }
    if (e instanceof MissingRequestValueException missing) {
      return Problems.response(
          ErrorCode.VALIDATION_FAILED,
          "missing " + missing.getLabel() + " " + missing.getName(),
          List.of(new ApiException.FieldError(missing.getName(), "is required")));
    }
    if (e.getMethodParameter() != null && !causedBy(e, DecodingException.class)) {
      String name = e.getMethodParameter().getParameterName();
      return Problems.response(
          ErrorCode.VALIDATION_FAILED,
          "invalid " + name,
          List.of(new ApiException.FieldError(name == null ? "path" : name, "is invalid")));
    }
    if (e.getReason() != null && e.getReason().contains("No request body")) {
      return Problems.response(ErrorCode.MALFORMED_REQUEST, "a JSON request body is required");
    }
    return Problems.response(ErrorCode.MALFORMED_REQUEST, "the request body is not valid JSON");
  }

  @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
  ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e) {
    return Problems.response(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the request body as application/json");
  }

  @ExceptionHandler(MethodNotAllowedException.class)
  ResponseEntity<ProblemDetail> method(MethodNotAllowedException e) {
    return Problems.response(
        ErrorCode.METHOD_NOT_ALLOWED, e.getHttpMethod() + " is not allowed on this resource");
  }

  @ExceptionHandler(NotAcceptableStatusException.class)
  ResponseEntity<ProblemDetail> notAcceptable(NotAcceptableStatusException e) {
    return Problems.response(ErrorCode.NOT_ACCEPTABLE, "this resource answers application/json");
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
    if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
      return Problems.response(ErrorCode.NOT_FOUND, NOT_FOUND_DETAIL);
    }
    if (e.getStatusCode().value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
      return Problems.response(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
    }
    if (e.getStatusCode().is4xxClientError()) {
      return Problems.response(ErrorCode.MALFORMED_REQUEST, "the request cannot be processed");
    }
    return unexpected(e);
  }

  @ExceptionHandler(KeyManagementException.class)
  ResponseEntity<ProblemDetail> keyManagement(KeyManagementException e) {
    if (e.unavailable()) {
      log.warn("key management unavailable: {}", e.getMessage());
      return Problems.response(
          ErrorCode.KMS_UNAVAILABLE,
          "the key management service cannot be reached; nothing was changed, retry later");
    }
    return unexpected(e);
  }

  @ExceptionHandler(java.util.concurrent.RejectedExecutionException.class)
  ResponseEntity<ProblemDetail> overloaded(java.util.concurrent.RejectedExecutionException e) {
    log.warn("API threads and their queue are full; answering 503");
    return api(ApiThreads.overloaded(e));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (causedBy(e, DataBufferLimitException.class)) {
      return Problems.response(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
    }
    String sqlState = sqlState(e);
    if (sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"))) {
      // Data the store refused (e.g. a NUL character in JSON, a value out of range): the
      // client's input, so a 400; the transaction rolled back, nothing was kept.
      log.info("request refused by a store constraint (SQLSTATE {})", sqlState);
      return Problems.response(
          ErrorCode.VALIDATION_FAILED, "a value in the request cannot be stored");
    }
    log.error("unexpected failure", e);
    return Problems.response(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred");
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  static String snakeCase(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
