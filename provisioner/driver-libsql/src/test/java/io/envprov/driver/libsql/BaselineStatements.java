package io.envprov.driver.libsql;

import io.envprov.libsql.hrana.HranaStatement;
import java.util.List;

/** Test access to the prepared baseline's statements, for the benchmark's by-hand pipeline. */
public final class BaselineStatements {

  private BaselineStatements() {}

  /** The statements the driver sends in its one transaction for the data-plane baseline. */
  public static List<HranaStatement> dataPlane() {
    return PreparedBaseline.load(
            BaselineStatements.class.getClassLoader(), "classpath:db/data-plane")
        .orElseThrow()
        .statements();
  }
}
