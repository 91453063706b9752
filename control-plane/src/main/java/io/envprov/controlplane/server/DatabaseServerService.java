package io.envprov.controlplane.server;

import static io.envprov.controlplane.store.Tables.DatabaseServer.*;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.CredentialStatus;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.domain.ServerStatus;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.kms.SecretBox.Sealed;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Constraints;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Tables.DatabaseCredential;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.NameCursor;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.UnsupportedCapabilityException;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.PlannedCredential;
import io.envprov.provisioner.ServerGuards;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The pool of servers databases are placed on (platform admins only). */
@Service
class DatabaseServerService {

  /** The prefix of every environment database name (see EnvironmentWriter). */
  static final String DATABASE_PREFIX = "env_";

  private static final Pattern SECRET_IN_URL =
      Pattern.compile("(?i)(password|secret|authtoken|token)=|//[^/@]*:[^/@]*@");

  private final DSLContext dsl;
  private final SecretBox secrets;
  private final ServerDirectory directory;
  private final DriverCatalog drivers;
  private final ServerGuards guards;
  private final ServerHealthChecks health;
  private final AuditLog audit;
  private final Clock clock;

  DatabaseServerService(
      DSLContext dsl,
      SecretBox secrets,
      ServerDirectory directory,
      DriverCatalog drivers,
      ServerGuards guards,
      ServerHealthChecks health,
      AuditLog audit,
      Clock clock) {
    this.dsl = dsl;
    this.secrets = secrets;
    this.directory = directory;
    this.drivers = drivers;
    this.guards = guards;
    this.health = health;
    this.audit = audit;
    this.clock = clock;
  }

  DatabaseServerView create(Actor actor, CreateDatabaseServerRequest request) {
    if (!drivers.isAvailable(request.driver())
        || !drivers.driver(request.driver()).capabilities().requiresServer()) {
      throw new ApiException(
          ErrorCode.DRIVER_UNAVAILABLE,
          "no installed driver named '" + request.driver() + "' places databases on servers",
          List.of(new ApiException.FieldError("driver", "is not a server driver")));
    }
    if (SECRET_IN_URL.matcher(request.adminUrl()).find()) {
      throw ApiException.validation(
          "admin_url", "must not carry a secret; send it as admin_secret");
    }
    try {
      drivers.driver(request.driver()).validateServer(proposed(request));
    } catch (DriverException e) {
      // The driver refuses the registration as given (e.g. a well-known default admin key).
      throw new ApiException(
          ErrorCode.VALIDATION_FAILED,
          e.getMessage(),
          List.of(new ApiException.FieldError("server", "refused by the driver")));
    }
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    // Sealed before the transaction: the KMS call holds no store connection.
    Sealed sealed =
        request.adminSecret() == null
            ? null
            : secrets.seal(request.adminSecret(), ServerDirectory.context(id));
    insert(actor, request, id, now, sealed);
    return get(id);
  }

  /** The server as the request describes it, for the driver to check before anything is kept. */
  static ServerTarget proposed(CreateDatabaseServerRequest request) {
    Map<String, String> options = new java.util.HashMap<>();
    if (request.options() != null) {
      request.options().forEach((key, value) -> options.put(key, String.valueOf(value)));
    }
    return new ServerTarget(
        request.name(),
        request.adminUrl(),
        request.adminUsername(),
        request.adminSecret(),
        options);
  }

  private void insert(
      Actor actor,
      CreateDatabaseServerRequest request,
      UUID id,
      OffsetDateTime now,
      @Nullable Sealed sealed) {
    dsl.transaction(
        trx -> {
          try {
            trx.dsl()
                .insertInto(TABLE)
                .set(ID, id)
                .set(DRIVER, request.driver())
                .set(NAME, request.name())
                .set(REGION, request.region())
                .set(ADMIN_URL, request.adminUrl())
                .set(ADMIN_USERNAME, request.adminUsername())
                .set(ADMIN_SECRET_CIPHER, sealed == null ? null : sealed.ciphertext())
                .set(ADMIN_ENCRYPTED_DATA_KEY, sealed == null ? null : sealed.wrappedKey())
                .set(KMS_KEY_ID, sealed == null ? null : sealed.keyId())
                .set(OPTIONS, Json.jsonb(request.options()))
                .set(CAPACITY, request.capacity() == null ? 100 : request.capacity())
                .set(STATUS, ServerStatus.ACTIVE.sqlValue())
                .set(CREATED_AT, now)
                .set(UPDATED_AT, now)
                .execute();
          } catch (DataAccessException e) {
            if (Constraints.violated(e, "database_server_name_unique")) {
              throw new ApiException(
                  ErrorCode.NAME_TAKEN,
                  "a database server named '" + request.name() + "' exists",
                  List.of(new ApiException.FieldError("name", "is taken")));
            }
            throw e;
          }
          audit.record(
              trx.dsl(),
              actor.name(),
              "database_server.created",
              "database_server",
              id,
              null,
              Map.of("name", request.name(), "driver", request.driver()));
        });
  }

  /** A page of the servers, oldest first, each with its health. */
  Page<DatabaseServerView> list(@Nullable PageCursor cursor, int limit) {
    List<DatabaseServerView> rows =
        dsl.select(TABLE.asterisk(), ServerPlacement.PLACED)
            .from(TABLE)
            .where(
                cursor == null
                    ? DSL.noCondition()
                    : DSL.row(CREATED_AT, ID).gt(cursor.createdAt(), cursor.id()))
            .orderBy(CREATED_AT, ID)
            .limit(limit + 1)
            .fetch(DatabaseServerService::view);
    Page<DatabaseServerView> page =
        Page.of(rows, limit, s -> new PageCursor(s.createdAt(), s.id()));
    // Only the servers shown are checked, not the one fetched to tell that there is more.
    return new Page<>(health.withHealth(page.items()), page.nextCursor());
  }

  DatabaseServerView get(UUID id) {
    Record row =
        dsl.select(TABLE.asterisk(), ServerPlacement.PLACED)
            .from(TABLE)
            .where(ID.eq(id))
            .fetchOne();
    if (row == null) {
      throw ApiException.notFound("database server", id);
    }
    return health.withHealth(view(row));
  }

  void delete(Actor actor, UUID id) {
    dsl.transaction(
        trx -> {
          Record1<Integer> row =
              trx.dsl()
                  .select(ServerPlacement.PLACED)
                  .from(TABLE)
                  .where(ID.eq(id))
                  .forUpdate()
                  .fetchOne();
          if (row == null) {
            throw ApiException.notFound("database server", id);
          }
          int placed = row.value1();
          if (placed > 0) {
            throw new ApiException(
                ErrorCode.SERVER_IN_USE, "server " + id + " holds " + placed + " database(s)");
          }
          // Archived environments keep their history but no longer need the server.
          trx.dsl()
              .update(EnvironmentDatabase.TABLE)
              .setNull(EnvironmentDatabase.SERVER_ID)
              .where(EnvironmentDatabase.SERVER_ID.eq(id))
              .execute();
          trx.dsl().deleteFrom(TABLE).where(ID.eq(id)).execute();
          audit.record(
              trx.dsl(),
              actor.name(),
              "database_server.deleted",
              "database_server",
              id,
              null,
              Map.of());
        });
  }

  /** Databases on the server with our prefix that belong to no live environment. */
  Page<String> orphans(UUID id, @Nullable NameCursor cursor, int limit) {
    return Page.byName(findOrphans(id), name -> name, cursor, limit);
  }

  void removeOrphan(Actor actor, UUID id, String name) {
    removeAudited(
        actor,
        id,
        "database_server.orphan_removed",
        () -> {
          if (!findOrphans(id).contains(name)) {
            throw ApiException.notFound("orphan database", name);
          }
          onServer(id, (driver, server) -> driver.deprovision(new DatabaseRef(name, server)));
          return Map.of("database_name", name);
        });
  }

  /**
   * Credential logins on the server (with the database each opens) that the store knows nothing of:
   * left by an issue that crashed between the driver call and the store write, or by hand.
   */
  Page<OrphanLogin> orphanLogins(UUID id, @Nullable NameCursor cursor, int limit) {
    return Page.byName(findOrphanLogins(id), OrphanLogin::username, cursor, limit);
  }

  /** Revokes (drops) one orphan login: only one {@link #orphanLogins} lists at that moment. */
  void removeOrphanLogin(Actor actor, UUID id, String username) {
    removeAudited(
        actor,
        id,
        "database_server.orphan_login_removed",
        () -> {
          OrphanLogin orphan =
              findOrphanLogins(id).stream()
                  .filter(login -> login.username().equals(username))
                  .findFirst()
                  .orElseThrow(() -> ApiException.notFound("orphan login", username));
          onServer(
              id,
              (driver, server) ->
                  driver.revokeCredential(
                      new DatabaseRef(orphan.databaseName(), server), orphan.username()));
          return Map.of("username", orphan.username(), "database_name", orphan.databaseName());
        });
  }

  /**
   * Runs {@code removal} (it calls the server, so outside any transaction), then records {@code
   * action} with the details it returns.
   */
  private void removeAudited(
      Actor actor, UUID id, String action, Supplier<Map<String, String>> removal) {
    Map<String, String> details = removal.get();
    dsl.transaction(
        trx -> audit.record(trx.dsl(), actor.name(), action, "database_server", id, null, details));
  }

  /** One driver call against the server, through its guards. */
  private void onServer(UUID id, BiConsumer<DatabaseDriver, ServerTarget> call) {
    ServerTarget server = directory.target(id).orElseThrow();
    DatabaseDriver driver = drivers.driver(driverOf(id));
    guards.call(
        server.id(),
        () -> {
          call.accept(driver, server);
          return null;
        });
  }

  /** A credential login of the server that no credential of the store names. */
  record OrphanLogin(String username, String databaseName) {}

  private List<OrphanLogin> findOrphanLogins(UUID id) {
    ServerTarget server =
        directory.target(id).orElseThrow(() -> ApiException.notFound("database server", id));
    DatabaseDriver driver = drivers.driver(driverOf(id));
    Map<String, String> present =
        supported(
            () ->
                guards.call(
                    server.id(),
                    () -> driver.credentialLogins(server, PlannedCredential.USERNAME_PREFIX)));
    Set<String> known = new HashSet<>(knownUsernames(id));
    return present.entrySet().stream()
        .filter(login -> !known.contains(login.getKey()))
        .map(login -> new OrphanLogin(login.getKey(), login.getValue()))
        .sorted(Comparator.comparing(OrphanLogin::username))
        .toList();
  }

  /** The usernames of the live credentials the store holds for databases on the server. */
  private List<String> knownUsernames(UUID serverId) {
    return dsl.select(DatabaseCredential.USERNAME)
        .from(DatabaseCredential.TABLE)
        .join(EnvironmentDatabase.TABLE)
        .on(EnvironmentDatabase.ID.eq(DatabaseCredential.DATABASE_ID))
        .where(EnvironmentDatabase.SERVER_ID.eq(serverId))
        // A revoked credential's login is dropped; one still there is left over.
        .and(DatabaseCredential.STATUS.ne(CredentialStatus.REVOKED.sqlValue()))
        .fetch(Record1::value1);
  }

  /** Runs a driver call the driver may not support: that is a 409 {@code not_supported}. */
  private static <T> T supported(Supplier<T> call) {
    try {
      return call.get();
    } catch (UnsupportedCapabilityException e) {
      throw new ApiException(ErrorCode.NOT_SUPPORTED, e.getMessage());
    }
  }

  private List<String> findOrphans(UUID id) {
    ServerTarget server =
        directory.target(id).orElseThrow(() -> ApiException.notFound("database server", id));
    DatabaseDriver driver = drivers.driver(driverOf(id));
    List<String> present =
        supported(() -> guards.call(server.id(), () -> driver.databases(server, DATABASE_PREFIX)));
    Set<String> owned = new HashSet<>(ownedDatabaseNames(id));
    return present.stream().filter(name -> !owned.contains(name)).sorted().toList();
  }

  private List<String> ownedDatabaseNames(UUID serverId) {
    return dsl.select(EnvironmentDatabase.DATABASE_NAME)
        .from(EnvironmentDatabase.TABLE)
        .join(Environment.TABLE)
        .on(Environment.ID.eq(EnvironmentDatabase.ENVIRONMENT_ID))
        .where(EnvironmentDatabase.SERVER_ID.eq(serverId))
        .and(Environment.STATUS.ne(EnvironmentStatus.ARCHIVED.sqlValue()))
        .fetch(Record1::value1);
  }

  private String driverOf(UUID id) {
    String driver = dsl.select(DRIVER).from(TABLE).where(ID.eq(id)).fetchOne(DRIVER);
    if (driver == null) {
      throw ApiException.notFound("database server", id);
    }
    return driver;
  }

  private static DatabaseServerView view(Record r) {
    return new DatabaseServerView(
        r.get(ID),
        r.get(DRIVER),
        r.get(NAME),
        r.get(REGION),
        r.get(ADMIN_URL),
        r.get(ADMIN_USERNAME),
        Json.map(r.get(OPTIONS)),
        r.get(CAPACITY),
        ServerStatus.fromSql(r.get(STATUS)),
        r.get(ServerPlacement.PLACED),
        null,
        Timestamps.utc(r.get(CREATED_AT)),
        Timestamps.utc(r.get(UPDATED_AT)));
  }
}
