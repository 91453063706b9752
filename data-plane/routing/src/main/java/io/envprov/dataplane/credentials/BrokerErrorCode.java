package io.envprov.dataplane.credentials;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Why the connection broker served no connection facts; the broker's problem {@code code}. */
public enum BrokerErrorCode {
  /** 401: the service token was not accepted. */
  UNAUTHENTICATED("unauthenticated"),
  /** 403: the service token may not fetch connections. */
  FORBIDDEN("forbidden"),
  /** 404: no such environment. */
  NOT_FOUND("not_found"),
  /** 409: the environment is not active (still provisioning, archived, ...). */
  INVALID_STATE("invalid_state"),
  /** 503: the control plane cannot decrypt the credential right now. */
  KMS_UNAVAILABLE("kms_unavailable"),
  /** 503: the environment's driver or server is unavailable. */
  DRIVER_UNAVAILABLE("driver_unavailable"),
  /**
   * 503: the environment's database is being restored in place or reset. A pause, not a refusal:
   * the same database and logins serve again afterwards, so the connections a pool holds stay in
   * use and a fetch waits ({@link CredentialSettings#restoringWait()}) rather than failing.
   */
  ENVIRONMENT_RESTORING("environment_restoring"),
  /** The broker could not be reached or answered something this client does not understand. */
  UNAVAILABLE("unavailable");

  private final String code;

  BrokerErrorCode(String code) {
    this.code = code;
  }

  /** Whether the broker asks to wait and ask again, rather than refusing. */
  public boolean waitable() {
    return this == ENVIRONMENT_RESTORING;
  }

  /** The code as the broker spells it. */
  public String code() {
    return code;
  }

  /** The code for a problem's {@code code}, else one that follows from the HTTP status. */
  static BrokerErrorCode of(@Nullable String code, int status) {
    return Arrays.stream(values())
        .filter(value -> value.code.equals(code))
        .findFirst()
        .orElseGet(
            () ->
                switch (status) {
                  case 401 -> UNAUTHENTICATED;
                  case 403 -> FORBIDDEN;
                  case 404 -> NOT_FOUND;
                  case 409 -> INVALID_STATE;
                  default -> UNAVAILABLE;
                });
  }
}
