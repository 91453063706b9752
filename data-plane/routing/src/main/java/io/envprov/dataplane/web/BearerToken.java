package io.envprov.dataplane.web;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The token of an {@code Authorization: Bearer} header. */
final class BearerToken {

  private static final String PREFIX = "bearer ";

  private BearerToken() {}

  /** The token, or null when the header is absent or not a bearer. */
  static @Nullable String from(@Nullable String authorization) {
    if (authorization == null
        || authorization.length() <= PREFIX.length()
        || !authorization.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
      return null;
    }
    String token = authorization.substring(PREFIX.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
