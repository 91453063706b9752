package io.envprov.dataplane.example;

import io.envprov.dataplane.binding.NoEnvironmentBoundException;
import io.envprov.dataplane.credentials.BrokerErrorCode;
import io.envprov.dataplane.credentials.ConnectionBrokerException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors as RFC 9457 problem details with a stable {@code code}. */
@RestControllerAdvice
class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  @ExceptionHandler(NoEnvironmentBoundException.class)
  ResponseEntity<ProblemDetail> noEnvironment(NoEnvironmentBoundException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .body(problem(HttpStatus.UNAUTHORIZED, "no_environment_bound", e.getMessage()));
  }

  @ExceptionHandler(InvalidNoteException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidNoteException e) {
    return ResponseEntity.badRequest()
        .body(problem(HttpStatus.BAD_REQUEST, "invalid_note", e.getMessage()));
  }

  @ExceptionHandler(ConnectionBrokerException.class)
  ResponseEntity<ProblemDetail> broker(ConnectionBrokerException e) {
    HttpStatus status =
        e.code() == BrokerErrorCode.NOT_FOUND || e.code() == BrokerErrorCode.INVALID_STATE
            ? HttpStatus.CONFLICT
            : HttpStatus.SERVICE_UNAVAILABLE;
    ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
    if (e.code().waitable() && e.retryAfter() != null) {
      // Still restoring after the data plane's wait: the client may come back shortly.
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
    }
    return response.body(problem(status, "environment_unavailable", e.getMessage()));
  }

  @ExceptionHandler(SQLException.class)
  ResponseEntity<ProblemDetail> database(SQLException e) {
    // The data plane's SQL exceptions carry no secrets; the detail stays in the log.
    log.warn("Database error", e);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(
            problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "database_unavailable",
                "the environment's database is unavailable"));
  }

  private static ProblemDetail problem(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setProperty("code", code);
    return problem;
  }
}
