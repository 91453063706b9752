package io.envprov.driver.spi;

import java.util.Locale;
import java.util.Optional;

/** What a credential may do in its database. */
public enum CredentialScope {
  /** Read and write data (DML). */
  READWRITE,
  /** Read data only. */
  READONLY,
  /** Own the schema: DDL as well as DML. */
  ADMIN;

  /**
   * The lower-case name the control plane stores ({@code database_credential.scope}) and its API
   * shows.
   */
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The scope stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no scope
   */
  public static CredentialScope fromSql(String value) {
    return parse(value)
        .orElseThrow(() -> new IllegalArgumentException("no credential scope '" + value + "'"));
  }

  /** The scope named {@code value} (exactly its lower-case name), or empty. */
  public static Optional<CredentialScope> parse(String value) {
    for (CredentialScope scope : values()) {
      if (scope.sqlValue().equals(value)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
