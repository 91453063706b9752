package io.envprov.provisioner;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.IssuedCredential;

/** The last check before an environment turns {@code active}. See {@link ReadinessProbe}. */
@FunctionalInterface
public interface Readiness {

  /**
   * The baseline version of a usable database, read through {@code credential}.
   *
   * @throws io.envprov.driver.spi.DriverException when the database is not usable yet
   */
  String check(DatabaseDriver driver, DatabaseRef database, IssuedCredential credential);
}
