package io.envprov.provisioner.packages;

import java.util.List;

/**
 * How an installed package differs from the catalog's versions of it: a recorded migration whose
 * checksum is not the catalog's, or one the catalog does not have. Empty when none.
 *
 * @param differences one line per difference, e.g. {@code migration 2: checksum 123 in the
 *     database, 456 in the catalog}
 */
public record Drift(List<String> differences) {

  public static final Drift NONE = new Drift(List.of());

  public Drift {
    differences = List.copyOf(differences);
  }

  public boolean detected() {
    return !differences.isEmpty();
  }
}
