package io.envprov.controlplane.organization;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.envprov.controlplane.environment.EnvironmentView;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An organization as the API shows it; creation also returns its default environment. */
public record OrganizationView(
    UUID id,
    String slug,
    String name,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable EnvironmentView defaultEnvironment) {}
