package io.envprov.dataplane.web;

/** RFC 9457 problem details the filters answer with, written without a JSON library. */
final class Problems {

  static final String CONTENT_TYPE = "application/problem+json";
  static final String INVALID_SESSION_TOKEN = "invalid_session_token";

  private Problems() {}

  /** A 401 problem for a rejected session token. */
  static String unauthorized(String detail) {
    return "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"code\":\""
        + INVALID_SESSION_TOKEN
        + "\",\"detail\":\""
        + escape(detail)
        + "\"}";
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> escaped.append("\\\"");
        case '\\' -> escaped.append("\\\\");
        default -> {
          if (c < 0x20) {
            escaped.append(String.format("\\u%04x", (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
