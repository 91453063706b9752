package io.envprov.controlplane.identity;

import io.envprov.controlplane.web.CredentialScopeName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/service-accounts}: a principal for a data plane, scoped to what it may fetch from
 * the connection broker.
 *
 * @param organizationIds the organizations whose environments it may connect to; exactly one of
 *     this and {@code allOrganizations} is given
 * @param allOrganizations {@code true}: every organization, now and later (platform admins only)
 * @param maxScope the highest credential scope it may fetch: {@code readonly}, {@code readwrite}
 *     (the default) or {@code admin} (only when asked for)
 */
public record CreateServiceAccountRequest(
    @NotBlank @Size(max = 200) String name,
    @NotNull @Pattern(regexp = "^data_plane$", message = "must be data_plane") String role,
    @Nullable @Size(max = 1000) List<UUID> organizationIds,
    @Nullable Boolean allOrganizations,
    @Nullable @CredentialScopeName(byPower = true) String maxScope) {}
