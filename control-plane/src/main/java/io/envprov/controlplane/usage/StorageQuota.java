package io.envprov.controlplane.usage;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.driver.spi.CredentialScope;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The storage limit of environment databases ({@code environment_database.storage_limit_mb}, MiB):
 * {@code environment.over_quota} follows the last measured size, each change audited ({@code
 * environment.over_quota}, {@code environment.under_quota}); while over, no new credential that can
 * write ({@code readwrite}, {@code admin}) is issued through the API, and {@code readonly} ones
 * still are. Credentials that exist keep working: the limit stops growth by new writers, it does
 * not cut off running applications.
 */
@Component
public class StorageQuota {

  /** The actor of quota changes found by the collector. */
  public static final String ACTOR = "system:usage";

  static final long MIB = 1024L * 1024L;

  /** Whether the database, as last measured, is over its limit (never without both). */
  private static final Field<Boolean> OVER =
      DSL.coalesce(
          DSL.field(
              EnvironmentDatabase.SIZE_BYTES.gt(
                  EnvironmentDatabase.STORAGE_LIMIT_MB.cast(Long.class).mul(MIB))),
          DSL.inline(false));

  private final DSLContext dsl;
  private final AuditLog audit;

  StorageQuota(DSLContext dsl, AuditLog audit) {
    this.dsl = dsl;
    this.audit = audit;
  }

  /** Whether {@code sizeBytes} is over a limit of {@code limitMb} MiB (no limit: never). */
  public static boolean over(@Nullable Long sizeBytes, @Nullable Integer limitMb) {
    return sizeBytes != null && limitMb != null && sizeBytes > limitMb * MIB;
  }

  /**
   * Brings {@code over_quota} of the environments in line with their last measured size and limit,
   * in the caller's transaction {@code trx}, auditing each change once (as {@code actor}).
   *
   * @return how many environments changed
   */
  public int settle(DSLContext trx, Collection<UUID> environmentIds, String actor) {
    if (environmentIds.isEmpty()) {
      return 0;
    }
    var changed =
        trx.update(Environment.TABLE)
            .set(Environment.OVER_QUOTA, OVER)
            .set(Environment.VERSION, Environment.VERSION.plus(1))
            .from(EnvironmentDatabase.TABLE)
            .where(EnvironmentDatabase.ENVIRONMENT_ID.eq(Environment.ID))
            .and(Environment.ID.in(environmentIds))
            .and(Environment.OVER_QUOTA.ne(OVER))
            .returningResult(
                Environment.ID,
                Environment.ORGANIZATION_ID,
                Environment.OVER_QUOTA,
                EnvironmentDatabase.SIZE_BYTES,
                EnvironmentDatabase.STORAGE_LIMIT_MB)
            .fetch();
    for (Record row : changed) {
      boolean over = row.get(Environment.OVER_QUOTA);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("size_bytes", row.get(EnvironmentDatabase.SIZE_BYTES));
      details.put("storage_limit_mb", row.get(EnvironmentDatabase.STORAGE_LIMIT_MB));
      audit.record(
          trx,
          actor,
          over ? "environment.over_quota" : "environment.under_quota",
          "environment",
          row.get(Environment.ID),
          row.get(Environment.ORGANIZATION_ID),
          details);
    }
    return changed.size();
  }

  /**
   * Refuses a new credential that could write into an environment that is over its storage limit.
   *
   * @throws ApiException 409 {@code storage_limit_exceeded}, naming the size and the limit
   */
  public void requireRoomFor(UUID environmentId, CredentialScope scope) {
    if (scope == CredentialScope.READONLY) {
      return;
    }
    Record row =
        dsl.select(
                Environment.OVER_QUOTA,
                EnvironmentDatabase.SIZE_BYTES,
                EnvironmentDatabase.STORAGE_LIMIT_MB)
            .from(Environment.TABLE)
            .join(EnvironmentDatabase.TABLE)
            .on(EnvironmentDatabase.ENVIRONMENT_ID.eq(Environment.ID))
            .where(Environment.ID.eq(environmentId))
            .fetchOne();
    if (row == null || !row.get(Environment.OVER_QUOTA)) {
      return;
    }
    throw new ApiException(
        ErrorCode.STORAGE_LIMIT_EXCEEDED,
        "environment "
            + environmentId
            + " uses "
            + row.get(EnvironmentDatabase.SIZE_BYTES)
            + " bytes, over its storage limit of "
            + row.get(EnvironmentDatabase.STORAGE_LIMIT_MB)
            + " MiB: no new "
            + scope.sqlValue()
            + " credential is issued until it is back under (readonly ones are)");
  }
}
