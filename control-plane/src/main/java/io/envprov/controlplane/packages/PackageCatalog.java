package io.envprov.controlplane.packages;

import static io.envprov.controlplane.store.PackageTables.PackageVersion.*;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.NameCursor;
import io.envprov.controlplane.web.Page;
import io.envprov.provisioner.packages.Migration;
import io.envprov.provisioner.packages.PackageVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The package catalog: published versions are immutable. Publishing the same name and version again
 * is idempotent when the content is the same (same checksum) and 409 {@code package_version_exists}
 * otherwise; a migration version must carry the same SQL in every version of a package (422 {@code
 * invalid_package}), since a database that ran it under one version must not be told it ran
 * something else. The package {@code system} is the service's own (409 {@code package_reserved}).
 */
@Service
public class PackageCatalog {

  /** Who publishes the built-in versions. */
  static final String BUILT_IN_PUBLISHER = "system";

  private static final Logger log = LoggerFactory.getLogger(PackageCatalog.class);

  private final DSLContext dsl;
  private final AuditLog audit;
  private final Clock clock;

  /**
   * Published versions never change, so once read they are kept (an install reads the package's
   * every version for drift; a rollout does so for each of its environments).
   */
  private final Cache<String, PackageVersion> published =
      Caffeine.newBuilder().maximumSize(2_000).build();

  PackageCatalog(DSLContext dsl, AuditLog audit, Clock clock) {
    this.dsl = dsl;
    this.audit = audit;
    this.clock = clock;
  }

  /** A publish's answer: the version, and whether this request created it. */
  record Published(PackageVersionView view, boolean created) {}

  Published publish(Actor actor, PublishPackageRequest request) {
    if (PackageVersion.SYSTEM.equals(request.name())) {
      throw new ApiException(
          ErrorCode.PACKAGE_RESERVED,
          "the package 'system' is the data-plane baseline shipped with the service; it cannot be"
              + " published");
    }
    PackageValidation.Valid valid = PackageValidation.check(request);
    PackageVersion version = valid.version();
    String checksum = checksum(version);
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          // Publishes of one package take turns: the check against its other versions below must
          // see every version committed before this one.
          trx.select(
                  DSL.field(
                      "pg_advisory_xact_lock(hashtext({0}))",
                      Object.class, "package:" + version.name()))
              .fetch();
          Record existing =
              trx.selectFrom(TABLE)
                  .where(NAME.eq(version.name()))
                  .and(VERSION.eq(version.version()))
                  .fetchOne();
          if (existing != null) {
            if (checksum.equals(existing.get(CHECKSUM))) {
              return new Published(view(existing), false);
            }
            throw new ApiException(
                ErrorCode.PACKAGE_VERSION_EXISTS,
                version.name()
                    + " "
                    + version.version()
                    + " is published already with other content; published versions never"
                    + " change: publish a new version");
          }
          requireSameMigrations(trx, version);
          OffsetDateTime now = Timestamps.now(clock);
          trx.insertInto(TABLE)
              .set(NAME, version.name())
              .set(VERSION, version.version())
              .set(VERSION_KEY, Versions.key(version.version()))
              .set(DESCRIPTION, valid.description())
              .set(MIGRATIONS, MigrationsJson.write(version.migrations()))
              .set(CHECKSUM, checksum)
              .set(BUILT_IN, false)
              .set(PUBLISHED_BY, actor.name())
              .set(PUBLISHED_AT, now)
              .execute();
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("name", version.name());
          details.put("version", version.version());
          details.put("checksum", checksum);
          details.put("migrations", version.migrations().stream().map(Migration::version).toList());
          audit.record(
              trx,
              actor.name(),
              "package.published",
              "package",
              resourceId(version.name(), version.version()),
              null,
              details);
          return new Published(
              view(
                  trx.selectFrom(TABLE)
                      .where(NAME.eq(version.name()))
                      .and(VERSION.eq(version.version()))
                      .fetchSingle()),
              true);
        });
  }

  /**
   * A migration version present in another version of the package must have the same SQL there: a
   * database that ran it under one version must find the same in the next.
   */
  private void requireSameMigrations(DSLContext trx, PackageVersion version) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    List<Migration> migrations = version.migrations();
    for (PackageVersion other : versions(trx, version.name())) {
      Map<String, Migration> theirs = new LinkedHashMap<>();
      other.migrations().forEach(m -> theirs.put(m.version(), m));
      for (int i = 0; i < migrations.size(); i++) {
        Migration mine = migrations.get(i);
        Migration same = theirs.get(mine.version());
        if (same != null && !sameSql(mine, same)) {
          errors.add(
              new ApiException.FieldError(
                  "migrations[" + i + "]",
                  "migration " + mine.version() + " differs from " + other.version() + "'s"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw PackageValidation.invalid(errors);
    }
  }

  private static boolean sameSql(Migration a, Migration b) {
    return Objects.equals(a.sql(), b.sql()) && a.sqlByDialect().equals(b.sqlByDialect());
  }

  /**
   * Registers a built-in version (the package {@code system}): inserted once, by whichever replica
   * starts first; a later start with the same content changes nothing. A built-in whose content
   * changed under the same version (a baseline file edited after release) is refreshed, since the
   * classpath is its source, and reported.
   */
  void registerBuiltIn(PackageVersion version, @Nullable String description) {
    String checksum = checksum(version);
    int changed =
        dsl.insertInto(TABLE)
            .set(NAME, version.name())
            .set(VERSION, version.version())
            .set(VERSION_KEY, Versions.key(version.version()))
            .set(DESCRIPTION, description)
            .set(MIGRATIONS, MigrationsJson.write(version.migrations()))
            .set(CHECKSUM, checksum)
            .set(BUILT_IN, true)
            .set(PUBLISHED_BY, BUILT_IN_PUBLISHER)
            .set(PUBLISHED_AT, Timestamps.now(clock))
            .onConflict(NAME, VERSION)
            .doUpdate()
            .set(MIGRATIONS, MigrationsJson.write(version.migrations()))
            .set(CHECKSUM, checksum)
            .where(BUILT_IN.isTrue())
            .and(CHECKSUM.ne(checksum))
            .execute();
    if (changed > 0) {
      published.invalidate(key(version.name(), version.version()));
      log.info("built-in package {} {} registered", version.name(), version.version());
    }
  }

  /** A page of the catalog's packages, by name. */
  Page<PackageSummaryView> list(@Nullable NameCursor after, int limit) {
    List<String> names =
        dsl.selectDistinct(NAME)
            .from(TABLE)
            .where(after == null ? DSL.noCondition() : NAME.gt(after.name()))
            .orderBy(NAME)
            .limit(limit + 1)
            .fetch(NAME);
    Map<String, List<Record>> byName = new TreeMap<>();
    dsl.select(NAME, VERSION, BUILT_IN)
        .from(TABLE)
        .where(NAME.in(names))
        .orderBy(NAME, VERSION_KEY)
        .fetch()
        .forEach(row -> byName.computeIfAbsent(row.get(NAME), n -> new ArrayList<>()).add(row));
    List<PackageSummaryView> packages = new ArrayList<>();
    byName.forEach(
        (name, rows) -> {
          List<String> versions = rows.stream().map(r -> r.get(VERSION)).toList();
          packages.add(
              new PackageSummaryView(
                  name,
                  versions.get(versions.size() - 1),
                  versions,
                  rows.stream().anyMatch(r -> r.get(BUILT_IN))));
        });
    return Page.byName(packages, PackageSummaryView::name, null, limit);
  }

  /** One version with its migrations; 404 {@code package_not_found}. */
  PackageVersionView get(String name, String version) {
    Record row = dsl.selectFrom(TABLE).where(NAME.eq(name)).and(VERSION.eq(version)).fetchOne();
    if (row == null) {
      throw notFound(name, version);
    }
    return view(row);
  }

  /**
   * The version, as the runner applies it.
   *
   * @throws ApiException 404 {@code package_not_found}
   */
  public PackageVersion require(String name, String version) {
    return find(name, version).orElseThrow(() -> notFound(name, version));
  }

  /** The version, if the catalog has it. */
  public Optional<PackageVersion> find(String name, String version) {
    PackageVersion cached = published.getIfPresent(key(name, version));
    if (cached != null) {
      return Optional.of(cached);
    }
    Record row =
        dsl.select(NAME, VERSION, MIGRATIONS)
            .from(TABLE)
            .where(NAME.eq(name))
            .and(VERSION.eq(version))
            .fetchOne();
    if (row == null) {
      return Optional.empty();
    }
    PackageVersion found = packageVersion(row);
    published.put(key(name, version), found);
    return Optional.of(found);
  }

  /** Every version of the package, oldest first (what drift is judged against). */
  public List<PackageVersion> versions(String name) {
    return versions(dsl, name);
  }

  private List<PackageVersion> versions(DSLContext context, String name) {
    List<PackageVersion> versions = new ArrayList<>();
    for (String version :
        context
            .select(VERSION)
            .from(TABLE)
            .where(NAME.eq(name))
            .orderBy(VERSION_KEY)
            .fetch(VERSION)) {
      find(name, version).ifPresent(versions::add);
    }
    return versions;
  }

  /** The newest version of the package, or null when the catalog has none. */
  public @Nullable String latestVersion(String name) {
    return dsl.select(VERSION)
        .from(TABLE)
        .where(NAME.eq(name))
        .orderBy(VERSION_KEY.desc())
        .limit(1)
        .fetchOne(VERSION);
  }

  static ApiException notFound(String name, String version) {
    return new ApiException(
        ErrorCode.PACKAGE_NOT_FOUND, "the catalog has no package " + name + " " + version);
  }

  /** The id a package version's audit events name (packages have no id of their own). */
  static UUID resourceId(String name, String version) {
    return UUID.nameUUIDFromBytes(
        ("package:" + name + "@" + version).getBytes(StandardCharsets.UTF_8));
  }

  private static String key(String name, String version) {
    return name + "@" + version;
  }

  private static PackageVersion packageVersion(Record row) {
    return new PackageVersion(
        row.get(NAME), row.get(VERSION), MigrationsJson.read(row.get(MIGRATIONS)));
  }

  private static PackageVersionView view(Record row) {
    return new PackageVersionView(
        row.get(NAME),
        row.get(VERSION),
        row.get(DESCRIPTION),
        row.get(CHECKSUM),
        row.get(BUILT_IN),
        row.get(PUBLISHED_BY),
        Timestamps.utc(row.get(PUBLISHED_AT)),
        MigrationsJson.read(row.get(MIGRATIONS)).stream()
            .map(
                m ->
                    new PackageVersionView.MigrationView(
                        m.version(), m.description(), m.sql(), m.sqlByDialect()))
            .toList());
  }

  /** The version's checksum: the runner's canonical form, so catalog and databases agree. */
  static String checksum(PackageVersion version) {
    return version.checksum();
  }
}
