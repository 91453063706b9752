package io.envprov.driver.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.spi.CredentialScope;
import org.junit.jupiter.api.Test;

/** Role names stay distinct and within PostgreSQL's 63-byte identifiers. */
class PostgresNamesTest {

  @Test
  void theGroupsOfAnOrdinaryNameAreTheNameWithASuffix() {
    PostgresNames names = new PostgresNames("env_0123456789abcdef0123456789abcdef");

    assertThat(names.groups())
        .containsExactly(
            "env_0123456789abcdef0123456789abcdef_admin",
            "env_0123456789abcdef0123456789abcdef_readwrite",
            "env_0123456789abcdef0123456789abcdef_readonly");
    assertThat(names.group(CredentialScope.READONLY)).endsWith("_readonly");
  }

  @Test
  void theGroupsOfNamesTooLongForASuffixAreShortenedWithAHashAndStayDistinct() {
    String long1 = "a".repeat(60) + "_x1";
    String long2 = "a".repeat(60) + "_x2";

    PostgresNames first = new PostgresNames(long1);
    PostgresNames second = new PostgresNames(long2);

    assertThat(first.groups())
        .allSatisfy(group -> assertThat(group.length()).isLessThanOrEqualTo(63));
    assertThat(first.readwriteGroup()).hasSize(63);
    assertThat(first.groups()).doesNotContainAnyElementsOf(second.groups());
    assertThat(new PostgresNames(long1).groups()).isEqualTo(first.groups());
    assertThat(first.copyStaging()).isNotEqualTo(second.copyStaging()).hasSizeLessThan(63);
  }
}
