package io.envprov.provisioner;

import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.ServerTarget;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An operation claimed for execution, with everything a driver call needs.
 *
 * @param operationId the operation (also the scheduler's task instance id)
 * @param kind what to do
 * @param environmentId the environment whose database it is
 * @param driver the driver's name
 * @param databaseName the target database
 * @param server where it lives, for server-based drivers
 * @param sourceDatabaseName for {@link OperationKind#COPY}: the database copied
 * @param copyMode for {@link OperationKind#COPY}: what is copied
 * @param attempt the 1-based number of this execution of the operation
 * @param backupId for {@link OperationKind#RESTORE}: the backup restored
 */
public record OperationWork(
    UUID operationId,
    OperationKind kind,
    UUID environmentId,
    String driver,
    String databaseName,
    @Nullable ServerTarget server,
    @Nullable String sourceDatabaseName,
    @Nullable CopyMode copyMode,
    int attempt,
    @Nullable UUID backupId) {

  public OperationWork {
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(environmentId, "environmentId");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(databaseName, "databaseName");
    if (kind == OperationKind.COPY && (sourceDatabaseName == null || copyMode == null)) {
      throw new IllegalArgumentException("a copy needs a source database and a mode");
    }
    if (kind == OperationKind.RESTORE && backupId == null) {
      throw new IllegalArgumentException("a restore needs a backup");
    }
  }

  /** Work that restores no backup. */
  public OperationWork(
      UUID operationId,
      OperationKind kind,
      UUID environmentId,
      String driver,
      String databaseName,
      @Nullable ServerTarget server,
      @Nullable String sourceDatabaseName,
      @Nullable CopyMode copyMode,
      int attempt) {
    this(
        operationId,
        kind,
        environmentId,
        driver,
        databaseName,
        server,
        sourceDatabaseName,
        copyMode,
        attempt,
        null);
  }

  /** The database the operation acts on. */
  public DatabaseRef target() {
    return new DatabaseRef(databaseName, server);
  }
}
