package io.envprov.controlplane.web;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's one unchecked root exception: a failure the client caused or must know about,
 * with a stable code. Subclasses carry the ids involved.
 */
public class ApiException extends RuntimeException {

  private final ErrorCode code;
  private final List<FieldError> errors;
  private final @Nullable Duration retryAfter;

  public ApiException(ErrorCode code, String detail) {
    this(code, detail, List.of());
  }

  public ApiException(ErrorCode code, String detail, List<FieldError> errors) {
    this(code, detail, errors, null);
  }

  /**
   * A failure the client may retry after a while: the response carries {@code Retry-After} (whole
   * seconds).
   */
  public ApiException(ErrorCode code, String detail, Duration retryAfter) {
    this(code, detail, List.of(), retryAfter);
  }

  private ApiException(
      ErrorCode code, String detail, List<FieldError> errors, @Nullable Duration retryAfter) {
    super(detail, null, false, false);
    this.code = code;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  public ErrorCode code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** When the client may try again ({@code Retry-After}), or null when it says nothing. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  /** One invalid field of a request. */
  public record FieldError(String field, String message) {}

  /**
   * A 404. What and which id are for the code that reads the exception; the client always gets the
   * same detail (see {@code ApiExceptionHandler#NOT_FOUND_DETAIL}), never these.
   */
  public static ApiException notFound(String what, Object id) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
  }

  public static ApiException invalidState(String detail) {
    return new ApiException(ErrorCode.INVALID_STATE, detail);
  }

  public static ApiException validation(String field, String message) {
    return new ApiException(
        ErrorCode.VALIDATION_FAILED,
        field + ": " + message,
        List.of(new FieldError(field, message)));
  }
}
