package io.envprov.controlplane.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data keys of a real, migrated control-plane store, read and moved conditionally. */
class DataKeyStoreTest {

  private static TestPostgres.Database database;
  private static HikariDataSource dataSource;
  private static DataKeyStore store;
  @TempDir static Path dir;

  @BeforeAll
  static void migrate() {
    database = TestPostgres.newDatabase();
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(database.jdbcUrl());
    dataSource.setUsername(database.user());
    dataSource.setPassword(database.password());
    dataSource.setMaximumPoolSize(2);
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/control-plane")
        .load()
        .migrate();
    DSLContext dsl =
        DSL.using(
            dataSource,
            SQLDialect.POSTGRES,
            new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
    store = new DataKeyStore(dsl);
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void rows_not_under_a_key_are_read_in_batches_and_each_moves_once_only() throws Exception {
    LocalKeyRing ring = LocalKeyRing.open(dir, "old");
    SecretBox box = new SecretBox(ring);
    String target = ring.resolveKeyId("new-" + UUID.randomUUID());
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      UUID id = UUID.randomUUID();
      insertServer(id, box.seal("secret-" + i, "database_server:" + id));
      ids.add(id);
    }
    insertServer(UUID.randomUUID(), null);

    assertThat(store.notUnder(target)).isGreaterThanOrEqualTo(5);
    assertThat(store.countsByKeyId()).containsEntry(ring.keyId(), store.notUnder(target));
    List<DataKeyStore.Row> first = store.batch(DataKeyStore.SERVERS, null, target, 3);
    List<DataKeyStore.Row> rest = store.batch(DataKeyStore.SERVERS, first.get(2).id(), target, 100);
    assertThat(first).hasSize(3);
    List<DataKeyStore.Row> all = new ArrayList<>(first);
    all.addAll(rest);
    assertThat(all.stream().map(DataKeyStore.Row::id))
        .containsAll(ids.stream().map(UUID::toString).toList())
        .doesNotHaveDuplicates();

    DataKeyStore.Row row = all.get(0);
    SecretBox.Sealed moved = box.rewrap(row.sealed(), target);
    assertThat(store.move(row, moved)).isTrue();
    assertThat(store.move(row, box.rewrap(row.sealed(), target)))
        .as("a second move of the same row, read before the first, changes nothing")
        .isFalse();
    assertThat(store.batch(DataKeyStore.SERVERS, null, target, 100).stream().map(r -> r.id()))
        .doesNotContain(row.id());
    assertThat(store.countsByKeyId()).containsEntry(target, 1);
    assertThat(Map.copyOf(store.countsByKeyId())).doesNotContainKey(null);
  }

  @Test
  void session_signing_keys_keyed_by_kid_move_like_any_other_sealed_secret() throws Exception {
    LocalKeyRing ring = LocalKeyRing.open(dir, "old");
    SecretBox box = new SecretBox(ring);
    String target = ring.resolveKeyId("session-target-" + UUID.randomUUID());
    String kid = "kid-" + UUID.randomUUID();
    SecretBox.Sealed sealed = box.seal("private-key-bytes", "session_signing_key:" + kid);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO session_signing_key (kid, algorithm, public_jwk, private_cipher,"
                    + " encrypted_data_key, kms_key_id, created_at, superseded_at)"
                    + " VALUES (?, 'ES256', '{}'::jsonb, ?, ?, ?, now(), now())")) {
      insert.setString(1, kid);
      insert.setBytes(2, sealed.ciphertext());
      insert.setBytes(3, sealed.wrappedKey());
      insert.setString(4, sealed.keyId());
      insert.executeUpdate();
    }

    DataKeyStore.Row row =
        store.batch(DataKeyStore.SESSION_KEYS, null, target, 100).stream()
            .filter(r -> r.id().equals(kid))
            .findFirst()
            .orElseThrow();
    SecretBox.Sealed moved = box.rewrap(row.sealed(), target);

    assertThat(store.move(row, moved)).isTrue();
    assertThat(store.batch(DataKeyStore.SESSION_KEYS, null, target, 100))
        .extracting(DataKeyStore.Row::id)
        .doesNotContain(kid);
    assertThat(box.open(moved, "session_signing_key:" + kid)).isEqualTo("private-key-bytes");
  }

  private static void insertServer(UUID id, SecretBox.Sealed sealed) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO database_server (id, driver, name, region, admin_url,"
                    + " admin_secret_cipher, admin_encrypted_data_key, kms_key_id, created_at,"
                    + " updated_at) VALUES (?, 'postgres', ?, 'local', 'jdbc:postgresql://x/y',"
                    + " ?, ?, ?, now(), now())")) {
      insert.setObject(1, id);
      insert.setString(2, "server-" + id);
      insert.setBytes(3, sealed == null ? null : sealed.ciphertext());
      insert.setBytes(4, sealed == null ? null : sealed.wrappedKey());
      insert.setString(5, sealed == null ? null : sealed.keyId());
      insert.executeUpdate();
    }
  }
}
