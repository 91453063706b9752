package io.envprov.driver.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.spi.DriverException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures a retry may clear, and that no message carries a secret. */
class PostgresErrorsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "08001", "08006", "08P01", "40001", "40P01", "55P03", "55006", "53300", "57014", "57P01",
        "57P03"
      })
  void connectionLossesConflictsAndShutdownsAreTransient(String state) {
    DriverException error =
        PostgresErrors.failure(
            "provision", "env_a", "s1", new SQLException("boom", state), List.of());

    assertThat(error.isTransient()).isTrue();
    assertThat(error.getMessage()).contains("provision", "env_a", "s1", state);
  }

  @ParameterizedTest
  @ValueSource(strings = {"28P01", "28000", "42501", "42601", "3D000", "23505", "XX000", "2BP01"})
  void authenticationPermissionSyntaxAndInternalErrorsArePermanent(String state) {
    assertThat(
            PostgresErrors.failure("copy", "env_a", "s1", new SQLException("no", state), List.of())
                .isTransient())
        .isFalse();
  }

  @Test
  void aConnectionRefusedWithoutAnSqlStateIsTransient() {
    assertThat(PostgresErrors.isTransient(new RuntimeException(new ConnectException("refused"))))
        .isTrue();
  }

  @Test
  void theStateInsideAFlywayFailureDecides() {
    FlywayException wrapped =
        new FlywayException("Unable to obtain connection", new SQLException("gone", "08006"));

    assertThat(PostgresErrors.isTransient(wrapped)).isTrue();
  }

  @Test
  void secretsPasswordParametersAndPasswordClausesAreMaskedInTheMessageAndTheCause() {
    SQLException cause =
        new SQLException(
            "failed for jdbc:postgresql://h/db?user=a&password=hunter2 with top-secret-token"
                + " in ALTER ROLE x PASSWORD 'SCRAM-SHA-256$4096:abc'",
            "42601");

    DriverException error =
        PostgresErrors.failure("provision", "env_a", "s1", cause, List.of("top-secret-token"));

    assertThat(error.getMessage())
        .doesNotContain("hunter2", "top-secret-token", "SCRAM-SHA-256$4096:abc")
        .contains("password=***", "PASSWORD ***");
    assertThat(error.getCause()).isNotSameAs(cause);
    assertThat(error.getCause().getMessage()).doesNotContain("hunter2", "top-secret-token");
    assertThat(((SQLException) error.getCause()).getSQLState()).isEqualTo("42601");
  }

  @Test
  void aCauseWithoutSecretsTravelsAsItIs() {
    SQLException cause = new SQLException("deadlock detected", "40P01");

    assertThat(
            PostgresErrors.failure("deprovision", "env_a", "s1", cause, List.of("x1y2")).getCause())
        .isSameAs(cause);
  }
}
