package io.envprov.driver.spi;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to provision.
 *
 * @param databaseName the immutable, UUID-based name (see {@link DatabaseName})
 * @param server where to place it; null for drivers without {@link Capabilities#requiresServer()}
 * @param baseline the schema to apply
 * @param options driver-specific options (e.g. a storage limit), never secrets
 */
public record ProvisionRequest(
    String databaseName,
    @Nullable ServerTarget server,
    Baseline baseline,
    Map<String, String> options) {

  public ProvisionRequest {
    DatabaseName.requireValid(databaseName);
    Objects.requireNonNull(baseline, "baseline");
    options = Map.copyOf(options);
  }

  /** The database this request creates. */
  public DatabaseRef ref() {
    return new DatabaseRef(databaseName, server);
  }
}
