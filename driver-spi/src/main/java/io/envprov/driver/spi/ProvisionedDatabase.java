package io.envprov.driver.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Where a provisioned database lives.
 *
 * @param databaseName its name
 * @param databaseUrl a URL without secrets, shown to admins (e.g. a JDBC URL)
 * @param baselineVersion the baseline version recorded inside it
 * @param metadata driver facts worth showing (file size, server), never secrets
 */
public record ProvisionedDatabase(
    String databaseName, String databaseUrl, String baselineVersion, Map<String, String> metadata) {

  public ProvisionedDatabase {
    DatabaseName.requireValid(databaseName);
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(baselineVersion, "baselineVersion");
    metadata = Map.copyOf(metadata);
  }
}
