package io.envprov.controlplane.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Builds RFC 9457 problem details with the stable {@code code} member. */
public final class Problems {

  public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
  private static final String TYPE_BASE = "https://envprov.dev/problems/";

  private Problems() {}

  public static ProblemDetail of(
      ErrorCode code, String detail, List<ApiException.FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
    problem.setType(URI.create(TYPE_BASE + code.code().replace('_', '-')));
    problem.setTitle(code.title());
    problem.setProperty("code", code.code());
    if (!errors.isEmpty()) {
      problem.setProperty(
          "errors",
          errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
    }
    return problem;
  }

  public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail) {
    return response(code, detail, List.of());
  }

  public static ResponseEntity<ProblemDetail> response(
      ErrorCode code, String detail, List<ApiException.FieldError> errors) {
    return ResponseEntity.status(code.status())
        .contentType(PROBLEM_JSON)
        .body(of(code, detail, errors));
  }

  /**
   * Writes a problem straight to the response, for filters that run before any controller (auth,
   * body size). Hand-built JSON: only fixed titles and our own details go in, escaped.
   */
  public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
    var response = exchange.getResponse();
    response.setStatusCode(code.status());
    response.getHeaders().setContentType(PROBLEM_JSON);
    String body =
        "{\"type\":\""
            + TYPE_BASE
            + code.code().replace('_', '-')
            + "\",\"title\":\""
            + escape(code.title())
            + "\",\"status\":"
            + code.status().value()
            + ",\"detail\":\""
            + escape(detail)
            + "\",\"instance\":\""
            + escape(exchange.getRequest().getPath().value())
            + "\",\"code\":\""
            + code.code()
            + "\"}";
    DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(buffer));
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
