package io.envprov.controlplane.server;

import static io.envprov.controlplane.store.Tables.DatabaseServer.*;

import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.domain.ServerStatus;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.provisioner.ServerGuards;
import java.util.Comparator;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/**
 * Chooses the server a new database goes to: a server of the driver in the asked region first, then
 * the least-loaded one with room; servers whose circuit is open are avoided. Placements of one
 * driver are serialised by a transaction-scoped advisory lock, so capacity is never exceeded by a
 * race.
 */
@Component
public class ServerPlacement {

  static final Field<Integer> PLACED =
      DSL.field(
              DSL.selectCount()
                  .from(EnvironmentDatabase.TABLE)
                  .join(Environment.TABLE)
                  .on(Environment.ID.eq(EnvironmentDatabase.ENVIRONMENT_ID))
                  .where(EnvironmentDatabase.SERVER_ID.eq(ID))
                  .and(Environment.STATUS.ne(EnvironmentStatus.ARCHIVED.sqlValue())))
          // count(*) is a bigint; an int is plenty and keeps one type on every driver path.
          .cast(SQLDataType.INTEGER)
          .as("placed");

  private final ServerGuards guards;

  ServerPlacement(ServerGuards guards) {
    this.guards = guards;
  }

  /** The server for a new database of {@code driver} in {@code region}, within {@code trx}. */
  public UUID place(DSLContext trx, String driver, String region) {
    record Candidate(UUID id, String region, String name, int placed, int capacity) {}
    trx.select(
            DSL.field("pg_advisory_xact_lock(hashtext({0}))", Object.class, "placement:" + driver))
        .fetch();
    return trx
        .select(ID, REGION, NAME, CAPACITY, PLACED)
        .from(TABLE)
        .where(DRIVER.eq(driver))
        .and(STATUS.eq(ServerStatus.ACTIVE.sqlValue()))
        .fetch(
            r ->
                new Candidate(
                    r.get(ID), r.get(REGION), r.get(NAME), r.get(PLACED), r.get(CAPACITY)))
        .stream()
        .filter(c -> c.placed() < c.capacity() && !guards.isOpen(c.id().toString()))
        .min(
            Comparator.comparing((Candidate c) -> !c.region().equals(region))
                .thenComparingInt(Candidate::placed)
                .thenComparing(Candidate::name))
        .map(Candidate::id)
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.NO_CAPACITY,
                    "no "
                        + driver
                        + " server has room for another database; register a server"
                        + " (POST /v1/database-servers) or raise a server's capacity"));
  }
}
