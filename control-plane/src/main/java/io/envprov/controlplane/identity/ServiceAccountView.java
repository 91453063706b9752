package io.envprov.controlplane.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A new data-plane service account: {@code key} is in this response only (absent from an
 * Idempotency-Key replay). {@link #toString()} hides it.
 *
 * @param organizationIds the organizations it may serve (empty with {@code allOrganizations})
 * @param maxScope the highest credential scope the connection broker serves it
 */
public record ServiceAccountView(
    UUID id,
    String name,
    String role,
    String prefix,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String key,
    OffsetDateTime createdAt,
    List<UUID> organizationIds,
    boolean allOrganizations,
    String maxScope) {

  ServiceAccountView withoutKey() {
    return new ServiceAccountView(
        id, name, role, prefix, null, createdAt, organizationIds, allOrganizations, maxScope);
  }

  @Override
  public String toString() {
    return "ServiceAccountView[id=" + id + ", prefix=" + prefix + ", key=***]";
  }
}
