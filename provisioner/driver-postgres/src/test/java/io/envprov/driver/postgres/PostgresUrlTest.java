package io.envprov.driver.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Taking admin URLs apart and handing clients URLs without secrets. */
class PostgresUrlTest {

  @Test
  void aClientUrlNamesTheDatabaseAndKeepsTransportSettingsButNoAdminIdentityOrSecret() {
    PostgresUrl admin =
        PostgresUrl.parse(
            "jdbc:postgresql://db1:5432,db2:5433/postgres?sslmode=verify-full&user=root"
                + "&password=hunter2&targetServerType=primary&sslpassword=x");

    String client = admin.forClients().withDatabase("env_a").jdbcUrl();

    assertThat(client)
        .isEqualTo(
            "jdbc:postgresql://db1:5432,db2:5433/env_a?sslmode=verify-full&targetServerType=primary");
  }

  @Test
  void aUrlWithoutADatabaseOrParametersIsAccepted() {
    PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://localhost");

    assertThat(url.database()).isNull();
    assertThat(url.withDatabase("env_a").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/env_a");
  }

  @Test
  void printingAUrlMasksItsPassword() {
    assertThat(PostgresUrl.parse("jdbc:postgresql://h/db?password=hunter2&ssl=true").toString())
        .doesNotContain("hunter2")
        .contains("password=***");
  }

  @Test
  void urlsOfOtherDatabasesOrWithUserInformationAreRefusedWithoutBeingRepeated() {
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:mysql://h/db?password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://root:hunter2@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }
}
