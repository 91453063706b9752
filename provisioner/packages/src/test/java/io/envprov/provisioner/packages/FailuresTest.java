package io.envprov.provisioner.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void connectionAndBusyFailuresAreTransientOthersAreNot() {
    assertThat(Failures.isConnectionFailure(new SQLException("refused", "08001"))).isTrue();
    assertThat(Failures.isConnectionFailure(new SQLException("shutting down", "57P01"))).isTrue();
    assertThat(
            Failures.isConnectionFailure(
                new FlywayException("wrapped", new SQLException("[SQLITE_BUSY] locked", null, 5))))
        .isTrue();
    assertThat(Failures.isConnectionFailure(new SQLException("no such table", "42P01"))).isFalse();
    assertThat(Failures.isConnectionFailure(new SQLException("[SQLITE_ERROR] x", null, 1)))
        .isFalse();
  }

  @Test
  void aMigrationsFailureNamesItAndTheDatabasesErrorOnOneLine() {
    Migration broken = new Migration("5", "Broken (v2)", "INSERT INTO x VALUES (1);", Map.of());
    SQLException error = new SQLException("ERROR: relation \"x\" does not exist\n  Position: 13");

    assertThat(
            Failures.migrationFailed(
                Crm.version("1.2.0", broken), broken, new RuntimeException("outer", error)))
        .isEqualTo(
            "crm 1.2.0: migration 5 (Broken v2) failed: ERROR: relation \"x\" does not exist"
                + " Position: 13");
  }
}
