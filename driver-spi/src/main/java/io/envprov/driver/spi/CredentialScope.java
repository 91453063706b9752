package io.envprov.driver.spi;

/** What a credential may do in its database. */
public enum CredentialScope {
  /** Read and write data (DML). */
  READWRITE,
  /** Read data only. */
  READONLY,
  /** Own the schema: DDL as well as DML. */
  ADMIN
}
