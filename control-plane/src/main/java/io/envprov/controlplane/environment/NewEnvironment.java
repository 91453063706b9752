package io.envprov.controlplane.environment;

import io.envprov.controlplane.domain.EnvType;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An environment about to be created, with its database.
 *
 * @param organizationId its organization
 * @param slug unique among the organization's live environments
 * @param name its display name
 * @param envType its type
 * @param region where its database lives
 * @param driver the database driver
 * @param description free text
 * @param isProtected whether deletion is refused
 * @param metadata free JSON object
 * @param serverId the server to place the database on (a copy goes beside its source); null lets
 *     placement choose, for drivers that need a server
 * @param source what it is made from (a copy's source, a backup), kept for resets; null when it is
 *     provisioned from the baseline
 * @param storageLimitMb the database's storage limit (MiB); null for none
 */
public record NewEnvironment(
    UUID organizationId,
    String slug,
    String name,
    EnvType envType,
    String region,
    String driver,
    @Nullable String description,
    boolean isProtected,
    Map<String, Object> metadata,
    @Nullable UUID serverId,
    @Nullable EnvironmentSource source,
    @Nullable Integer storageLimitMb) {

  /** An environment provisioned from the baseline (no source), without a storage limit. */
  public NewEnvironment(
      UUID organizationId,
      String slug,
      String name,
      EnvType envType,
      String region,
      String driver,
      @Nullable String description,
      boolean isProtected,
      Map<String, Object> metadata,
      @Nullable UUID serverId) {
    this(
        organizationId,
        slug,
        name,
        envType,
        region,
        driver,
        description,
        isProtected,
        metadata,
        serverId,
        null,
        null);
  }

  public NewEnvironment {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(envType, "envType");
    metadata = metadata == null ? Map.of() : metadata;
  }

  public boolean isDefault() {
    return envType.isDefault();
  }
}
