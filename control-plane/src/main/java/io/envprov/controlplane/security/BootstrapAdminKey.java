package io.envprov.controlplane.security;

import static io.envprov.controlplane.store.Tables.ApiKey.*;

import io.envprov.controlplane.config.ControlPlaneProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes sure a platform admin can get in. A key given in {@code CONTROL_PLANE_BOOTSTRAP_ADMIN_KEY}
 * is registered; otherwise, on first start with no key at all, one is generated and written to
 * {@code <data-dir>/bootstrap-admin-key}, readable only by the owner. The key itself is never
 * logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BootstrapAdminKey implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);
  static final String FILE_NAME = "bootstrap-admin-key";

  private final DSLContext dsl;
  private final ControlPlaneProperties properties;
  private final Clock clock;

  BootstrapAdminKey(DSLContext dsl, ControlPlaneProperties properties, Clock clock) {
    this.dsl = dsl;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    String configured = properties.bootstrapAdminKey();
    if (configured != null && !configured.isBlank()) {
      if (configured.length() < 20) {
        throw new IllegalStateException(
            "CONTROL_PLANE_BOOTSTRAP_ADMIN_KEY must be at least 20 characters long");
      }
      if (!dsl.fetchExists(TABLE, KEY_HASH.eq(ApiKeys.hash(configured)))) {
        insert(configured, "bootstrap (configured)");
        log.info("registered the configured bootstrap platform-admin API key");
      }
      return;
    }
    if (dsl.fetchExists(TABLE, ROLE.eq(Actor.PLATFORM_ADMIN).and(REVOKED_AT.isNull()))) {
      return;
    }
    String key = ApiKeys.generate();
    Path file = properties.dataDir().resolve(FILE_NAME).toAbsolutePath();
    write(file, key);
    insert(key, "bootstrap (generated)");
    log.info("created the bootstrap platform-admin API key; it is in {} (owner-only)", file);
  }

  private void insert(String key, String name) {
    dsl.insertInto(TABLE)
        .set(ID, UUID.randomUUID())
        .set(NAME, name)
        .set(ROLE, Actor.PLATFORM_ADMIN)
        .set(PREFIX, ApiKeys.visiblePrefix(key))
        .set(KEY_HASH, ApiKeys.hash(key))
        .set(CREATED_AT, OffsetDateTime.now(clock))
        .execute();
  }

  private static void write(Path file, String key) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bootstrap admin key to " + file, e);
    }
  }
}
