package io.envprov.controlplane.environment;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.envprov.controlplane.web.CreatableEnvType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/organizations/{org_id}/environments}. */
public record CreateEnvironmentRequest(
    @NotNull @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @NotBlank @Size(max = 200) String name,
    @NotNull @CreatableEnvType String envType,
    @Nullable @Pattern(regexp = "^[a-z0-9][a-z0-9-]{0,62}$", message = "must be a region name")
        String region,
    @Nullable @Pattern(regexp = "^[a-z][a-z0-9-]{0,30}$", message = "must be a driver name")
        String driver,
    @Nullable @Size(max = 2000) String description,
    @JsonProperty("is_protected") @Nullable Boolean isProtected,
    @Nullable Map<String, Object> metadata,
    @Nullable @Positive Integer storageLimitMb) {}
