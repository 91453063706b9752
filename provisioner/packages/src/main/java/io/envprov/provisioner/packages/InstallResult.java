package io.envprov.provisioner.packages;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an install or upgrade did.
 *
 * @param name the package
 * @param fromVersion the version installed before, or null when it was not installed
 * @param toVersion the version installed now
 * @param applied the versions of the migrations run by this call (empty when it was complete)
 */
public record InstallResult(
    String name, @Nullable String fromVersion, String toVersion, List<String> applied) {

  public InstallResult {
    applied = List.copyOf(applied);
  }
}
