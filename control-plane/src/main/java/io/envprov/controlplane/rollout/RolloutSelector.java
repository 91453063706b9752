package io.envprov.controlplane.rollout;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which environments a rollout covers: every live environment matching all the filters given (an
 * absent filter matches everything). Resolved once, when the rollout is created.
 *
 * @param organizationId only this organization's environments; absent: the whole fleet (platform
 *     admins only)
 * @param envTypes only environments of these types
 * @param drivers only environments whose database uses one of these drivers
 * @param serverId only environments whose database is on this server
 * @param environmentIds only these environments
 */
public record RolloutSelector(
    @Nullable UUID organizationId,
    @Nullable @Size(max = 10) List<@NotNull String> envTypes,
    @Nullable @Size(max = 10) List<@NotNull String> drivers,
    @Nullable UUID serverId,
    @Nullable @Size(max = 1000) List<@NotNull UUID> environmentIds) {

  static final RolloutSelector EVERYTHING = new RolloutSelector(null, null, null, null, null);

  /** As stored in {@code rollout.selector}: the API's snake_case names, absent filters omitted. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    if (organizationId != null) {
      json.put("organization_id", organizationId.toString());
    }
    if (envTypes != null) {
      json.put("env_types", envTypes);
    }
    if (drivers != null) {
      json.put("drivers", drivers);
    }
    if (serverId != null) {
      json.put("server_id", serverId.toString());
    }
    if (environmentIds != null) {
      json.put("environment_ids", environmentIds.stream().map(UUID::toString).toList());
    }
    return json;
  }

  /** The selector stored as {@code json} by {@link #toJson()}. */
  static RolloutSelector fromJson(Map<String, Object> json) {
    return new RolloutSelector(
        uuid(json.get("organization_id")),
        strings(json.get("env_types")),
        strings(json.get("drivers")),
        uuid(json.get("server_id")),
        json.get("environment_ids") instanceof List<?> ids
            ? ids.stream().map(id -> UUID.fromString(String.valueOf(id))).toList()
            : null);
  }

  private static @Nullable UUID uuid(@Nullable Object value) {
    return value == null ? null : UUID.fromString(String.valueOf(value));
  }

  private static @Nullable List<String> strings(@Nullable Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
  }
}
