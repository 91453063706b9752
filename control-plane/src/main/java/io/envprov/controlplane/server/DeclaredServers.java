package io.envprov.controlplane.server;

import static io.envprov.controlplane.store.Tables.DatabaseServer.*;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.domain.ServerStatus;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.DriverCatalog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Registers the servers declared in {@code controlplane.servers} on start, matched by name: a new
 * one is inserted, a known one gets the configured URL, user, secret and capacity.
 */
@Component
class DeclaredServers implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DeclaredServers.class);

  private final DSLContext dsl;
  private final SecretBox secrets;
  private final AuditLog audit;
  private final ControlPlaneProperties properties;
  private final DriverCatalog drivers;
  private final Clock clock;

  DeclaredServers(
      DSLContext dsl,
      SecretBox secrets,
      AuditLog audit,
      ControlPlaneProperties properties,
      DriverCatalog drivers,
      Clock clock) {
    this.drivers = drivers;
    this.dsl = dsl;
    this.secrets = secrets;
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (ControlPlaneProperties.DeclaredServer declared : properties.servers()) {
      dsl.transaction(configuration -> register(configuration.dsl(), declared));
    }
  }

  private void register(DSLContext trx, ControlPlaneProperties.DeclaredServer declared) {
    if (drivers.isAvailable(declared.driver())) {
      try {
        drivers
            .driver(declared.driver())
            .validateServer(
                new ServerTarget(
                    declared.name(),
                    declared.adminUrl(),
                    declared.adminUsername(),
                    declared.adminSecret(),
                    declared.options()));
      } catch (DriverException e) {
        // Start-up stops: a server the driver refuses (a default admin key) is not registered.
        throw new IllegalStateException(
            "controlplane.servers: " + declared.name() + " refused: " + e.getMessage());
      }
    }
    OffsetDateTime now = Timestamps.now(clock);
    UUID existing =
        trx.select(ID).from(TABLE).where(NAME.eq(declared.name())).forUpdate().fetchOne(ID);
    UUID id = existing == null ? UUID.randomUUID() : existing;
    SecretBox.Sealed sealed =
        declared.adminSecret() == null
            ? null
            : secrets.seal(declared.adminSecret(), ServerDirectory.context(id));
    Map<Field<?>, @Nullable Object> configured = configured(declared, sealed);
    if (existing == null) {
      trx.insertInto(TABLE)
          .set(ID, id)
          .set(NAME, declared.name())
          .set(DRIVER, declared.driver())
          .set(configured)
          .set(STATUS, ServerStatus.ACTIVE.sqlValue())
          .set(CREATED_AT, now)
          .set(UPDATED_AT, now)
          .execute();
    } else {
      trx.update(TABLE).set(configured).set(UPDATED_AT, now).where(ID.eq(id)).execute();
    }
    audit.record(
        trx,
        "system:configuration",
        existing == null ? "database_server.created" : "database_server.updated",
        "database_server",
        id,
        null,
        Map.of("name", declared.name(), "driver", declared.driver()));
    log.info(
        "database server '{}' ({}) registered from configuration",
        declared.name(),
        declared.driver());
  }

  /**
   * The columns the configuration sets, on a new server and on a known one alike (in this order:
   * the statements stay as they were written column by column).
   */
  private static Map<Field<?>, @Nullable Object> configured(
      ControlPlaneProperties.DeclaredServer declared, SecretBox.@Nullable Sealed sealed) {
    Map<Field<?>, @Nullable Object> columns = new LinkedHashMap<>();
    columns.put(REGION, declared.region());
    columns.put(ADMIN_URL, declared.adminUrl());
    columns.put(ADMIN_USERNAME, declared.adminUsername());
    columns.put(ADMIN_SECRET_CIPHER, sealed == null ? null : sealed.ciphertext());
    columns.put(ADMIN_ENCRYPTED_DATA_KEY, sealed == null ? null : sealed.wrappedKey());
    columns.put(KMS_KEY_ID, sealed == null ? null : sealed.keyId());
    columns.put(OPTIONS, Json.jsonb(declared.options()));
    columns.put(CAPACITY, declared.capacity());
    return columns;
  }
}
