package io.envprov.controlplane.restore;

import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.ServerTarget;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Finds an environment's database as driver calls need it: its driver, name and server. */
@Component
class Databases {

  private final DSLContext dsl;
  private final ServerDirectory servers;

  Databases(DSLContext dsl, ServerDirectory servers) {
    this.dsl = dsl;
    this.servers = servers;
  }

  /**
   * An environment's database.
   *
   * @param environmentId its environment
   * @param status the environment's status when it was read
   * @param driver the driver's name
   * @param databaseName the database's immutable name
   * @param serverId its server, for server-based drivers
   */
  record Located(
      UUID environmentId,
      EnvironmentStatus status,
      String driver,
      String databaseName,
      @Nullable UUID serverId) {}

  /** The environment's database, read in {@code trx}; empty when it has none. */
  Optional<Located> locate(DSLContext trx, UUID environmentId) {
    Record row =
        trx.select(
                Environment.STATUS,
                EnvironmentDatabase.DRIVER,
                EnvironmentDatabase.DATABASE_NAME,
                EnvironmentDatabase.SERVER_ID)
            .from(Environment.TABLE)
            .join(EnvironmentDatabase.TABLE)
            .on(EnvironmentDatabase.ENVIRONMENT_ID.eq(Environment.ID))
            .where(Environment.ID.eq(environmentId))
            .fetchOne();
    return Optional.ofNullable(row)
        .map(
            r ->
                new Located(
                    environmentId,
                    EnvironmentStatus.fromSql(r.get(Environment.STATUS)),
                    r.get(EnvironmentDatabase.DRIVER),
                    r.get(EnvironmentDatabase.DATABASE_NAME),
                    r.get(EnvironmentDatabase.SERVER_ID)));
  }

  Optional<Located> locate(UUID environmentId) {
    return locate(dsl, environmentId);
  }

  /** The server of a database, with its admin secret; null for drivers without servers. */
  @Nullable ServerTarget server(Located database) {
    UUID serverId = database.serverId();
    if (serverId == null) {
      return null;
    }
    return servers
        .target(serverId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the server " + serverId + " of the database is no longer registered"));
  }

  /** The reference a driver call takes. */
  DatabaseRef ref(Located database) {
    return new DatabaseRef(database.databaseName(), server(database));
  }
}
