package io.envprov.controlplane.credential;

import static io.envprov.controlplane.store.Tables.DatabaseCredential.*;

import io.envprov.controlplane.domain.CredentialStatus;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.PageCursor;
import io.envprov.driver.spi.CredentialScope;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Credential rows in the control-plane store (blocking jOOQ). Every state change is one conditional
 * statement, so two replicas acting on one credential cannot both win.
 */
@Component
public class CredentialRecords {

  private static final int MAX_ERROR_LENGTH = 1000;

  private final DSLContext dsl;
  private final Clock clock;

  CredentialRecords(DSLContext dsl, Clock clock) {
    this.dsl = dsl;
    this.clock = clock;
  }

  /** The database of an environment, with what deciding about a credential needs. */
  public Optional<CredentialTarget> targetOfEnvironment(UUID environmentId) {
    return target(EnvironmentDatabase.ENVIRONMENT_ID.eq(environmentId));
  }

  /** The database a credential opens. */
  public Optional<CredentialTarget> targetOfDatabase(UUID databaseId) {
    return target(EnvironmentDatabase.ID.eq(databaseId));
  }

  private Optional<CredentialTarget> target(org.jooq.Condition condition) {
    return Optional.ofNullable(
            dsl.select(
                    EnvironmentDatabase.ID,
                    EnvironmentDatabase.ENVIRONMENT_ID,
                    Environment.ORGANIZATION_ID,
                    Environment.ENV_TYPE,
                    Environment.STATUS,
                    EnvironmentDatabase.DRIVER,
                    EnvironmentDatabase.DATABASE_NAME,
                    EnvironmentDatabase.SERVER_ID)
                .from(EnvironmentDatabase.TABLE)
                .join(Environment.TABLE)
                .on(Environment.ID.eq(EnvironmentDatabase.ENVIRONMENT_ID))
                .where(condition)
                .fetchOne())
        .map(
            row ->
                new CredentialTarget(
                    row.get(EnvironmentDatabase.ID),
                    row.get(EnvironmentDatabase.ENVIRONMENT_ID),
                    row.get(Environment.ORGANIZATION_ID),
                    EnvType.fromSql(row.get(Environment.ENV_TYPE)),
                    EnvironmentStatus.fromSql(row.get(Environment.STATUS)),
                    row.get(EnvironmentDatabase.DRIVER),
                    row.get(EnvironmentDatabase.DATABASE_NAME),
                    row.get(EnvironmentDatabase.SERVER_ID)));
  }

  /** One credential. */
  public Optional<StoredCredential> find(UUID id) {
    return Optional.ofNullable(dsl.selectFrom(TABLE).where(ID.eq(id)).fetchOne())
        .map(CredentialRecords::credential);
  }

  /** One credential, in {@code trx}, locked until it ends. */
  Optional<StoredCredential> lock(DSLContext trx, UUID id) {
    return Optional.ofNullable(trx.selectFrom(TABLE).where(ID.eq(id)).forUpdate().fetchOne())
        .map(CredentialRecords::credential);
  }

  /**
   * The newest active credential of the scope that the control plane itself issued (at
   * provisioning, by the broker, or by rotation) and that stays valid past {@code validAfter}.
   */
  public Optional<StoredCredential> serviceCredential(
      UUID databaseId, CredentialScope scope, OffsetDateTime validAfter) {
    return Optional.ofNullable(
            dsl.selectFrom(TABLE)
                .where(DATABASE_ID.eq(databaseId))
                .and(SCOPE.eq(scope.sqlValue()))
                .and(STATUS.eq(CredentialStatus.ACTIVE.sqlValue()))
                .and(CREATED_BY.startsWith("system:"))
                .and(EXPIRES_AT.isNull().or(EXPIRES_AT.gt(validAfter)))
                .orderBy(ISSUED_AT.desc(), ID)
                .limit(1)
                .fetchOne())
        .map(CredentialRecords::credential);
  }

  /**
   * Runs {@code work} holding the store-wide lock {@code name}: a transaction-scoped PostgreSQL
   * advisory lock, so callers on every replica queue behind one another. {@code work} runs its own
   * transactions; this one only holds the lock. Blocking.
   */
  public <T> T underLock(String name, Supplier<T> work) {
    return dsl.transactionResult(
        configuration -> {
          configuration
              .dsl()
              .select(DSL.field("pg_advisory_xact_lock(hashtext({0}))", Object.class, name))
              .fetch();
          return work.get();
        });
  }

  /** The credentials of a database, oldest first. */
  /**
   * At most {@code limit} credentials of the database issued after {@code cursor}'s (issued_at,
   * id), oldest first.
   */
  public List<StoredCredential> ofDatabase(
      UUID databaseId, @Nullable PageCursor cursor, int limit) {
    return dsl.selectFrom(TABLE)
        .where(DATABASE_ID.eq(databaseId))
        .and(
            cursor == null
                ? DSL.noCondition()
                : DSL.row(ISSUED_AT, ID).gt(cursor.createdAt(), cursor.id()))
        .orderBy(ISSUED_AT, ID)
        .limit(limit)
        .fetch(CredentialRecords::credential);
  }

  /**
   * Stores a new credential in {@code trx}, or replaces the secret of the same id (an issue
   * repeated after a crash re-issues the same login with a new secret).
   */
  public void upsert(
      DSLContext trx,
      UUID id,
      UUID databaseId,
      String username,
      CredentialScope scope,
      SecretBox.Sealed sealed,
      @Nullable OffsetDateTime expiresAt,
      @Nullable UUID rotatedFrom,
      String createdBy) {
    OffsetDateTime now = Timestamps.now(clock);
    trx.insertInto(TABLE)
        .set(ID, id)
        .set(DATABASE_ID, databaseId)
        .set(USERNAME, username)
        .set(SCOPE, scope.sqlValue())
        .set(STATUS, CredentialStatus.ACTIVE.sqlValue())
        .set(TOKEN_CIPHER, sealed.ciphertext())
        .set(ENCRYPTED_DATA_KEY, sealed.wrappedKey())
        .set(KMS_KEY_ID, sealed.keyId())
        .set(ISSUED_AT, now)
        .set(EXPIRES_AT, expiresAt)
        .set(ROTATED_FROM, rotatedFrom)
        .set(CREATED_BY, createdBy)
        .set(UPDATED_AT, now)
        .onConflict(ID)
        .doUpdate()
        .set(TOKEN_CIPHER, sealed.ciphertext())
        .set(ENCRYPTED_DATA_KEY, sealed.wrappedKey())
        .set(KMS_KEY_ID, sealed.keyId())
        .set(UPDATED_AT, now)
        .execute();
  }

  /**
   * Turns an active credential {@code rotating} until {@code graceUntil}, in {@code trx}. False
   * when it is no longer active (someone else rotated or revoked it first).
   */
  boolean markRotating(DSLContext trx, UUID id, OffsetDateTime graceUntil) {
    return trx.update(TABLE)
            .set(STATUS, CredentialStatus.ROTATING.sqlValue())
            .set(GRACE_UNTIL, graceUntil)
            .setNull(NEXT_ROTATION_AT)
            .set(UPDATED_AT, Timestamps.now(clock))
            .where(ID.eq(id))
            .and(STATUS.eq(CredentialStatus.ACTIVE.sqlValue()))
            .execute()
        == 1;
  }

  /** The credentials of a database that are not revoked yet (active or rotating). */
  public List<StoredCredential> liveOfDatabase(UUID databaseId) {
    return dsl.selectFrom(TABLE)
        .where(DATABASE_ID.eq(databaseId))
        .and(STATUS.ne(CredentialStatus.REVOKED.sqlValue()))
        .orderBy(ISSUED_AT, ID)
        .fetch(CredentialRecords::credential);
  }

  /** Marks a credential revoked, in {@code trx}. False when it already was. */
  boolean markRevoked(DSLContext trx, UUID id) {
    return revoke(trx, ID.eq(id)) == 1;
  }

  /** Marks every live credential of a database revoked, in {@code trx} (its logins are gone). */
  public int revokeAllOfDatabase(DSLContext trx, UUID databaseId) {
    return revoke(trx, DATABASE_ID.eq(databaseId));
  }

  /** Marks the credentials {@code which} selects revoked, but for those that already are. */
  private int revoke(DSLContext trx, org.jooq.Condition which) {
    OffsetDateTime now = Timestamps.now(clock);
    return trx.update(TABLE)
        .set(STATUS, CredentialStatus.REVOKED.sqlValue())
        .set(REVOKED_AT, now)
        .setNull(NEXT_ROTATION_AT)
        .set(UPDATED_AT, now)
        .where(which)
        .and(STATUS.ne(CredentialStatus.REVOKED.sqlValue()))
        .execute();
  }

  /**
   * Claims up to {@code limit} active credentials expiring before {@code horizon} whose rotation is
   * due, leasing them until {@code leaseUntil} so no other sweep takes them meanwhile.
   */
  List<StoredCredential> claimDueForRotation(
      java.time.Duration window, int limit, OffsetDateTime leaseUntil) {
    OffsetDateTime now = Timestamps.now(clock);
    // Due once expiry is within the window, or within half the credential's lifetime when that is
    // shorter: a short-lived credential is not rotated again on every sweep.
    return claim(
        STATUS
            .eq(CredentialStatus.ACTIVE.sqlValue())
            .and(EXPIRES_AT.le(now.plus(window)))
            .and(
                org.jooq.impl.DSL.condition(
                    "{0} - least(make_interval(secs => {1}), ({0} - {2}) / 2) <= {3}",
                    EXPIRES_AT,
                    org.jooq.impl.DSL.val((double) window.toSeconds()),
                    ISSUED_AT,
                    org.jooq.impl.DSL.val(now)))
            .and(NEXT_ROTATION_AT.isNull().or(NEXT_ROTATION_AT.le(now))),
        EXPIRES_AT,
        limit,
        leaseUntil);
  }

  /** Claims up to {@code limit} rotating credentials whose grace period has ended. */
  List<StoredCredential> claimGraceEnded(int limit, OffsetDateTime leaseUntil) {
    OffsetDateTime now = Timestamps.now(clock);
    return claim(
        STATUS
            .eq(CredentialStatus.ROTATING.sqlValue())
            .and(GRACE_UNTIL.le(now))
            .and(NEXT_ROTATION_AT.isNull().or(NEXT_ROTATION_AT.le(now))),
        GRACE_UNTIL,
        limit,
        leaseUntil);
  }

  private List<StoredCredential> claim(
      org.jooq.Condition due,
      org.jooq.Field<OffsetDateTime> order,
      int limit,
      OffsetDateTime leaseUntil) {
    // SKIP LOCKED: concurrent sweeps split the due rows between them instead of waiting; the lease
    // (next_rotation_at) keeps a claimed row away from later sweeps while it is being worked on.
    List<UUID> claimed =
        dsl.update(TABLE)
            .set(NEXT_ROTATION_AT, leaseUntil)
            .where(
                ID.in(
                    dsl.select(ID)
                        .from(TABLE)
                        .where(due)
                        .orderBy(order)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked()))
            .returning(ID)
            .fetch(ID);
    return claimed.isEmpty()
        ? List.of()
        : dsl.selectFrom(TABLE)
            .where(ID.in(claimed))
            .orderBy(order)
            .fetch(CredentialRecords::credential);
  }

  /** Records a failed rotation (or revocation) and when to try again. */
  void recordFailure(UUID id, String error, OffsetDateTime retryAt) {
    String bounded =
        error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    dsl.update(TABLE)
        .set(ROTATION_FAILURES, ROTATION_FAILURES.plus(1))
        .set(LAST_ROTATION_ERROR, bounded)
        .set(NEXT_ROTATION_AT, retryAt)
        .set(UPDATED_AT, Timestamps.now(clock))
        .where(ID.eq(id))
        .execute();
  }

  /** How many live credentials carry a rotation failure: a gauge for operators. */
  public int failing() {
    return dsl.fetchCount(
        TABLE, STATUS.ne(CredentialStatus.REVOKED.sqlValue()).and(ROTATION_FAILURES.gt(0)));
  }

  static StoredCredential credential(Record row) {
    return new StoredCredential(
        row.get(ID),
        row.get(DATABASE_ID),
        row.get(USERNAME),
        CredentialScope.fromSql(row.get(SCOPE)),
        CredentialStatus.fromSql(row.get(STATUS)),
        new SecretBox.Sealed(
            row.get(TOKEN_CIPHER), row.get(ENCRYPTED_DATA_KEY), row.get(KMS_KEY_ID)),
        Timestamps.utc(row.get(ISSUED_AT)),
        Timestamps.utc(row.get(EXPIRES_AT)),
        row.get(ROTATED_FROM),
        Timestamps.utc(row.get(REVOKED_AT)),
        Timestamps.utc(row.get(GRACE_UNTIL)),
        row.get(ROTATION_FAILURES),
        row.get(LAST_ROTATION_ERROR),
        Timestamps.utc(row.get(NEXT_ROTATION_AT)),
        row.get(CREATED_BY),
        Timestamps.utc(row.get(UPDATED_AT)));
  }
}
