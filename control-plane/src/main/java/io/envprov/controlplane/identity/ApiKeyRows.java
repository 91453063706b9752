package io.envprov.controlplane.identity;

import io.envprov.controlplane.security.ApiKeys;
import io.envprov.controlplane.store.Tables.ApiKey;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.InsertSetMoreStep;
import org.jooq.Record;

/** The row of a new API key, the part a user's key and a service account's have in common. */
final class ApiKeyRows {

  private ApiKeyRows() {}

  /**
   * The insert of a new key, of which only the hash and the visible prefix are stored; the caller
   * sets the columns of its kind of key and executes it.
   */
  static InsertSetMoreStep<Record> insert(
      DSLContext trx, UUID id, String key, String name, String role, OffsetDateTime now) {
    return trx.insertInto(ApiKey.TABLE)
        .set(ApiKey.ID, id)
        .set(ApiKey.NAME, name)
        .set(ApiKey.ROLE, role)
        .set(ApiKey.PREFIX, ApiKeys.visiblePrefix(key))
        .set(ApiKey.KEY_HASH, ApiKeys.hash(key))
        .set(ApiKey.CREATED_AT, now);
  }
}
