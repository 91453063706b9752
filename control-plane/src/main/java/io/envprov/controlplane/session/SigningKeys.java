package io.envprov.controlplane.session;

import static io.envprov.controlplane.store.Tables.SessionSigningKey.*;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.kms.KeyManagementException;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.store.Json;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiThreads;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The EC P-256 keys that sign session tokens (ES256). The first key is made on first need; {@link
 * #rotate} makes a new one sign from now and keeps the previous one published for one token
 * lifetime, so tokens it signed keep verifying until they expire. Making and rotating keys take a
 * transaction-scoped advisory lock, so replicas racing on first use end with one key. Private
 * halves are stored sealed by the {@link SecretBox} (bound to their kid) and are opened only to
 * sign, never logged or returned.
 */
@Component
class SigningKeys {

  private static final String LOCK = "session_signing_key";
  private static final String ES256 = "ES256";

  /** How long one replica trusts a public key it read (rotation here clears it at once). */
  private static final Duration KEY_CACHE_TTL = Duration.ofSeconds(60);

  private final DSLContext dsl;
  private final ApiThreads threads;
  private final SecretBox box;
  private final AuditLog audit;
  private final Clock clock;
  private final SessionProperties properties;
  private final AsyncCache<String, Optional<PublishedKey>> published;
  private volatile @Nullable Signing active;

  SigningKeys(
      DSLContext dsl,
      ApiThreads threads,
      SecretBox box,
      AuditLog audit,
      Clock clock,
      SessionProperties properties) {
    this.dsl = dsl;
    this.threads = threads;
    this.box = box;
    this.audit = audit;
    this.clock = clock;
    this.properties = properties;
    this.published =
        Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(KEY_CACHE_TTL).buildAsync();
  }

  /** The key that signs now. */
  record Signing(String kid, JWSSigner signer) {}

  /** A public key as stored, and when it stops being published (null: not superseded yet). */
  record PublishedKey(ECKey jwk, JWSVerifier verifier, @Nullable OffsetDateTime retiredAt) {

    boolean publishedAt(Instant now) {
      return retiredAt == null || retiredAt.toInstant().isAfter(now);
    }
  }

  /** What the API shows of a key: never key material. */
  record KeyInfo(
      String kid,
      String algorithm,
      OffsetDateTime createdAt,
      @Nullable OffsetDateTime supersededAt,
      @Nullable OffsetDateTime retiredAt) {}

  /**
   * The key that signs now, made if there is none yet. Blocking (the store over JDBC, the key
   * manager to open the private half when this replica has not opened it yet).
   *
   * @throws KeyManagementException when the key manager cannot seal a new key or open the current
   */
  Signing signing() {
    String kid = ensureCurrent();
    Signing cached = active;
    if (cached != null && cached.kid().equals(kid)) {
      return cached;
    }
    Signing loaded = open(kid);
    active = loaded;
    return loaded;
  }

  /** The kid of the key that signs now, made if there is none yet. Blocking. */
  String ensureCurrent() {
    String kid = currentKid(dsl);
    if (kid != null) {
      return kid;
    }
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          lock(trx);
          String again = currentKid(trx);
          return again != null ? again : insertNew(trx).kid();
        });
  }

  /**
   * Makes a new key the one that signs; the previous one is superseded now and retired (no longer
   * published) one token lifetime later. Audited as {@code session_key.rotated}. Blocking.
   */
  KeyInfo rotate(String actor) {
    record Rotated(KeyInfo key, Signing signing) {}
    Rotated rotated =
        dsl.transactionResult(
            configuration -> {
              DSLContext trx = configuration.dsl();
              lock(trx);
              OffsetDateTime now = Timestamps.now(clock);
              OffsetDateTime retiredAt = now.plus(properties.tokenTtl());
              List<String> previous =
                  trx.update(TABLE)
                      .set(SUPERSEDED_AT, now)
                      .set(RETIRED_AT, retiredAt)
                      .where(SUPERSEDED_AT.isNull())
                      .returningResult(KID)
                      .fetch(KID);
              NewKey key = insertNew(trx);
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("kid", key.kid());
              details.put("superseded_kids", previous);
              details.put("previous_retired_at", previous.isEmpty() ? null : retiredAt.toString());
              audit.record(
                  trx,
                  actor,
                  "session_key.rotated",
                  "session_signing_key",
                  resourceId(key.kid()),
                  null,
                  details);
              return new Rotated(
                  new KeyInfo(key.kid(), ES256, key.createdAt(), null, null), key.signing());
            });
    active = rotated.signing();
    published.synchronous().invalidateAll();
    return rotated.key();
  }

  /** Every key, newest first. Blocking. */
  List<KeyInfo> list() {
    return dsl.select(KID, ALGORITHM, CREATED_AT, SUPERSEDED_AT, RETIRED_AT)
        .from(TABLE)
        .orderBy(CREATED_AT.desc(), KID)
        .fetch(
            r ->
                new KeyInfo(
                    r.get(KID),
                    r.get(ALGORITHM),
                    Timestamps.utc(r.get(CREATED_AT)),
                    Timestamps.utc(r.get(SUPERSEDED_AT)),
                    Timestamps.utc(r.get(RETIRED_AT))));
  }

  /** The public keys published now (not retired), newest first, as JWK objects. Blocking. */
  List<Map<String, Object>> publishedJwks() {
    ensureCurrent();
    OffsetDateTime now = Timestamps.now(clock);
    return dsl.select(PUBLIC_JWK)
        .from(TABLE)
        .where(RETIRED_AT.isNull().or(RETIRED_AT.gt(now)))
        .orderBy(CREATED_AT.desc(), KID)
        .fetch(r -> Json.map(r.get(PUBLIC_JWK)));
  }

  /**
   * The public key with this kid, published or not; empty when there is none. For the security
   * chain: a key this replica read recently is answered at once, any other is read on the API
   * threads.
   */
  CompletableFuture<Optional<PublishedKey>> published(String kid) {
    return published.get(kid, (key, executor) -> threads.call(() -> read(key)).toFuture());
  }

  /** The public key with this kid, published or not; empty when there is none. Blocking. */
  private Optional<PublishedKey> read(String kid) {
    Record2<JSONB, OffsetDateTime> row =
        dsl.select(PUBLIC_JWK, RETIRED_AT).from(TABLE).where(KID.eq(kid)).fetchOne();
    return row == null ? Optional.empty() : Optional.of(publishedKey(row.value1(), row.value2()));
  }

  /** The signer of a stored key (current or not): for tests that forge tokens. Blocking. */
  Signing open(String kid) {
    Record row =
        dsl.select(PUBLIC_JWK, PRIVATE_CIPHER, ENCRYPTED_DATA_KEY, KMS_KEY_ID)
            .from(TABLE)
            .where(KID.eq(kid))
            .fetchOne();
    if (row == null) {
      throw new IllegalStateException("no session signing key " + kid);
    }
    String pkcs8 =
        box.open(
            new SecretBox.Sealed(
                row.get(PRIVATE_CIPHER), row.get(ENCRYPTED_DATA_KEY), row.get(KMS_KEY_ID)),
            context(kid));
    try {
      ECPrivateKey privateKey =
          (ECPrivateKey)
              KeyFactory.getInstance("EC")
                  .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8)));
      ECKey publicJwk = ECKey.parse(Json.map(row.get(PUBLIC_JWK)));
      ECKey full = new ECKey.Builder(publicJwk).privateKey(privateKey).build();
      return new Signing(kid, new ECDSASigner(full));
    } catch (GeneralSecurityException | ParseException | JOSEException e) {
      throw new KeyManagementException("the session signing key " + kid + " is unusable", null);
    }
  }

  private static @Nullable String currentKid(DSLContext dsl) {
    return dsl.select(KID)
        .from(TABLE)
        .where(SUPERSEDED_AT.isNull())
        .orderBy(CREATED_AT.desc())
        .limit(1)
        .fetchOne(KID);
  }

  private static void lock(DSLContext trx) {
    trx.select(DSL.field("pg_advisory_xact_lock(hashtext({0}))", Object.class, LOCK)).fetch();
  }

  private record NewKey(String kid, OffsetDateTime createdAt, Signing signing) {}

  /** Generates a key, seals its private half and stores it, within {@code trx}. */
  private NewKey insertNew(DSLContext trx) {
    KeyPair pair;
    ECKey jwk;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(Curve.P_256.toECParameterSpec());
      pair = generator.generateKeyPair();
      jwk =
          new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
              .privateKey((ECPrivateKey) pair.getPrivate())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyIDFromThumbprint()
              .build();
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
    String kid = jwk.getKeyID();
    SecretBox.Sealed sealed =
        box.seal(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), context(kid));
    OffsetDateTime now = Timestamps.now(clock);
    trx.insertInto(TABLE)
        .set(KID, kid)
        .set(ALGORITHM, ES256)
        .set(PUBLIC_JWK, Json.jsonb(jwk.toPublicJWK().toJSONObject()))
        .set(PRIVATE_CIPHER, sealed.ciphertext())
        .set(ENCRYPTED_DATA_KEY, sealed.wrappedKey())
        .set(KMS_KEY_ID, sealed.keyId())
        .set(CREATED_AT, now)
        .execute();
    try {
      return new NewKey(kid, now, new Signing(kid, new ECDSASigner(jwk)));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with a new EC P-256 key", e);
    }
  }

  private static PublishedKey publishedKey(JSONB publicJwk, @Nullable OffsetDateTime retiredAt) {
    try {
      ECKey jwk = ECKey.parse(Json.map(publicJwk));
      return new PublishedKey(jwk, new ECDSAVerifier(jwk), retiredAt);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("a stored session signing key is not an EC public JWK", e);
    }
  }

  private static String context(String kid) {
    return "session_signing_key:" + kid;
  }

  static UUID resourceId(String kid) {
    return UUID.nameUUIDFromBytes(("session_signing_key:" + kid).getBytes(StandardCharsets.UTF_8));
  }
}
