package io.envprov.controlplane.environment;

import io.envprov.controlplane.web.CreatableEnvType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/environments/{id}/copy}. */
public record CopyEnvironmentRequest(
    @NotNull @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @NotBlank @Size(max = 200) String name,
    @NotNull @CreatableEnvType String envType,
    @Nullable
        @Pattern(regexp = "everything|schema_only", message = "must be everything or schema_only")
        String mode) {}
