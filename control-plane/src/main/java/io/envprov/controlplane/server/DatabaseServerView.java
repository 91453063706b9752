package io.envprov.controlplane.server;

import io.envprov.controlplane.domain.ServerStatus;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A database server as the API shows it: never its secret. */
public record DatabaseServerView(
    UUID id,
    String driver,
    String name,
    String region,
    String adminUrl,
    @Nullable String adminUsername,
    Map<String, Object> options,
    int capacity,
    ServerStatus status,
    long databases,
    @Nullable ServerHealth health,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /** Whether the server answers, and whether new databases are placed on it. */
  public record ServerHealth(String status, String detail, boolean circuitOpen) {}

  DatabaseServerView withHealth(ServerHealth health) {
    return new DatabaseServerView(
        id,
        driver,
        name,
        region,
        adminUrl,
        adminUsername,
        options,
        capacity,
        status,
        databases,
        health,
        createdAt,
        updatedAt);
  }
}
