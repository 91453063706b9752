package io.envprov.controlplane.server;

import static io.envprov.controlplane.store.Tables.DatabaseServer.*;

import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Tables.DatabaseServerDriverKey;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.DriverCatalog;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Component;

/**
 * Database servers as drivers need them: with the admin secret opened from its envelope, and for
 * drivers that ask for one ({@link DatabaseDriver#usesDriverSecret}) the server's random driver
 * secret, generated on first use and kept sealed in {@code database_server_driver_key}. Blocking;
 * for the provisioning worker and health checks.
 */
@Component
public class ServerDirectory {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Table<Record> DRIVER_KEY = DatabaseServerDriverKey.TABLE;
  private static final Field<UUID> KEY_SERVER_ID = DatabaseServerDriverKey.SERVER_ID;
  private static final Field<byte[]> KEY_CIPHER = DatabaseServerDriverKey.KEY_CIPHER;
  private static final Field<byte[]> KEY_DATA_KEY = DatabaseServerDriverKey.ENCRYPTED_DATA_KEY;
  private static final Field<String> KEY_KMS_KEY_ID = DatabaseServerDriverKey.KMS_KEY_ID;
  private static final Field<java.time.OffsetDateTime> KEY_CREATED_AT =
      DatabaseServerDriverKey.CREATED_AT;

  private final DSLContext dsl;
  private final SecretBox secrets;
  private final DriverCatalog drivers;
  private final Clock clock;

  ServerDirectory(DSLContext dsl, SecretBox secrets, DriverCatalog drivers, Clock clock) {
    this.dsl = dsl;
    this.secrets = secrets;
    this.drivers = drivers;
    this.clock = clock;
  }

  /** The server with its admin secret, if it exists. */
  public Optional<ServerTarget> target(UUID serverId) {
    return Optional.ofNullable(dsl.selectFrom(TABLE).where(ID.eq(serverId)).fetchOne())
        .map(this::target);
  }

  ServerTarget target(Record row) {
    UUID id = row.get(ID);
    String secret =
        row.get(ADMIN_SECRET_CIPHER) == null
            ? null
            : secrets.open(
                new SecretBox.Sealed(
                    row.get(ADMIN_SECRET_CIPHER),
                    row.get(ADMIN_ENCRYPTED_DATA_KEY),
                    row.get(KMS_KEY_ID)),
                context(id));
    Map<String, String> options =
        Json.map(row.get(OPTIONS)).entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    ServerTarget target =
        new ServerTarget(
            id.toString(), row.get(ADMIN_URL), row.get(ADMIN_USERNAME), secret, options);
    String driver = row.get(DRIVER);
    if (drivers.isAvailable(driver) && drivers.driver(driver).usesDriverSecret(target)) {
      target = target.withDriverSecret(driverSecret(id));
    }
    return target;
  }

  /**
   * The server's driver secret, made on first need: 256 random bits, sealed before it is stored.
   * Replicas racing to make it keep the first one stored.
   */
  private String driverSecret(UUID serverId) {
    Record stored = dsl.selectFrom(DRIVER_KEY).where(KEY_SERVER_ID.eq(serverId)).fetchOne();
    if (stored == null) {
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      SecretBox.Sealed sealed =
          secrets.seal(
              Base64.getUrlEncoder().withoutPadding().encodeToString(random),
              driverKeyContext(serverId));
      dsl.insertInto(DRIVER_KEY)
          .set(KEY_SERVER_ID, serverId)
          .set(KEY_CIPHER, sealed.ciphertext())
          .set(KEY_DATA_KEY, sealed.wrappedKey())
          .set(KEY_KMS_KEY_ID, sealed.keyId())
          .set(KEY_CREATED_AT, Timestamps.now(clock))
          .onConflictDoNothing()
          .execute();
      stored = dsl.selectFrom(DRIVER_KEY).where(KEY_SERVER_ID.eq(serverId)).fetchSingle();
    }
    return secrets.open(
        new SecretBox.Sealed(
            stored.get(KEY_CIPHER), stored.get(KEY_DATA_KEY), stored.get(KEY_KMS_KEY_ID)),
        driverKeyContext(serverId));
  }

  /** The associated data that binds a server's sealed secret to its row. */
  static String context(UUID serverId) {
    return "database_server:" + serverId;
  }

  /** The associated data that binds a server's sealed driver secret to its row. */
  static String driverKeyContext(UUID serverId) {
    return "database_server_driver_key:" + serverId;
  }
}
