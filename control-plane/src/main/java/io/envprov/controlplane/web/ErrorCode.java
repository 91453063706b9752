package io.envprov.controlplane.web;

import org.springframework.http.HttpStatus;

/** The stable error codes of API problems, each with its HTTP status. Mapped once, here. */
public enum ErrorCode {
  VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Request validation failed"),
  MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
  DRIVER_UNAVAILABLE(HttpStatus.BAD_REQUEST, "Driver unavailable"),
  UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
  FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
  SESSION_TOKEN_NOT_ACCEPTED(HttpStatus.FORBIDDEN, "Session tokens are not accepted here"),
  NOT_GRANTED(HttpStatus.FORBIDDEN, "Not granted to this service account"),
  NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
  SLUG_TAKEN(HttpStatus.CONFLICT, "Slug taken"),
  NAME_TAKEN(HttpStatus.CONFLICT, "Name taken"),
  EMAIL_TAKEN(HttpStatus.CONFLICT, "Email taken"),
  ENVIRONMENT_PROTECTED(HttpStatus.CONFLICT, "Environment protected"),
  INVALID_STATE(HttpStatus.CONFLICT, "Invalid state"),
  SERVER_IN_USE(HttpStatus.CONFLICT, "Server in use"),
  NOT_SUPPORTED(HttpStatus.CONFLICT, "Not supported by the driver"),
  IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
  IDEMPOTENCY_IN_PROGRESS(HttpStatus.CONFLICT, "Request with this idempotency key in progress"),
  PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "Precondition failed"),
  PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
  NO_CAPACITY(HttpStatus.SERVICE_UNAVAILABLE, "No capacity"),
  KMS_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Key management unavailable"),
  INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
  // Issue 12, packages: the catalog and installs into environments.
  PACKAGE_NOT_FOUND(HttpStatus.NOT_FOUND, "Package not found"),
  PACKAGE_VERSION_EXISTS(HttpStatus.CONFLICT, "Package version exists"),
  PACKAGE_RESERVED(HttpStatus.CONFLICT, "Package name reserved"),
  INVALID_PACKAGE(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid package"),
  DRIFT_DETECTED(HttpStatus.CONFLICT, "Drift detected"),
  // Issue 12, rollouts.
  INVALID_SELECTOR(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid selector"),
  ROLLOUT_FINISHED(HttpStatus.CONFLICT, "Rollout finished"),
  // Data safety: backups, restores, resets, the recovery window and storage limits.
  DRIVER_MISMATCH(HttpStatus.CONFLICT, "Driver mismatch"),
  BACKUP_NOT_READY(HttpStatus.CONFLICT, "Backup not ready"),
  ENVIRONMENT_RESTORING(HttpStatus.SERVICE_UNAVAILABLE, "Environment restoring"),
  NO_SOURCE(HttpStatus.CONFLICT, "No source to reset from"),
  STORAGE_LIMIT_EXCEEDED(HttpStatus.CONFLICT, "Storage limit exceeded");

  private final HttpStatus status;
  private final String title;

  ErrorCode(HttpStatus status, String title) {
    this.status = status;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The value of the problem's {@code code} member. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
