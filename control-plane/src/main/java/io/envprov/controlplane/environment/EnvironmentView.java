package io.envprov.controlplane.environment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.operation.OperationRef;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An environment as the API shows it. */
public record EnvironmentView(
    UUID id,
    UUID organizationId,
    String slug,
    String name,
    @Nullable String description,
    EnvType envType,
    String region,
    @JsonProperty("is_default") boolean isDefault,
    @JsonProperty("is_protected") boolean isProtected,
    EnvironmentStatus status,
    String createdBy,
    Map<String, Object> metadata,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable DatabaseView database,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String error,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable EnvironmentSource source,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable OperationRef operation,
    EnvironmentBackups backups,
    @JsonIgnore long version,
    // The recovery window (present while deleted) and the storage limit.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable OffsetDateTime deletedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable OffsetDateTime purgeAfter,
    boolean overQuota) {

  /** The same environment with the operation that is changing it. */
  public EnvironmentView withOperation(OperationRef ref) {
    return new EnvironmentView(
        id,
        organizationId,
        slug,
        name,
        description,
        envType,
        region,
        isDefault,
        isProtected,
        status,
        createdBy,
        metadata,
        createdAt,
        updatedAt,
        database,
        error,
        source,
        ref,
        backups,
        version,
        deletedAt,
        purgeAfter,
        overQuota);
  }

  /** The strong ETag of this version, honoured by {@code If-Match}. */
  @JsonIgnore
  public String etag() {
    return "\"" + version + "\"";
  }
}
