package io.envprov.controlplane.server;

import static io.envprov.controlplane.store.Tables.DatabaseServer.*;

import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.store.Json;
import io.envprov.driver.spi.ServerTarget;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Database servers as drivers need them: with the admin secret opened from its envelope. Blocking;
 * for the provisioning worker and health checks.
 */
@Component
public class ServerDirectory {

  private final DSLContext dsl;
  private final SecretBox secrets;

  ServerDirectory(@Qualifier("blocking") DSLContext dsl, SecretBox secrets) {
    this.dsl = dsl;
    this.secrets = secrets;
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
    return new ServerTarget(
        id.toString(), row.get(ADMIN_URL), row.get(ADMIN_USERNAME), secret, options);
  }

  /** The associated data that binds a server's sealed secret to its row. */
  static String context(UUID serverId) {
    return "database_server:" + serverId;
  }
}
