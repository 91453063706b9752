package io.envprov.controlplane.credential;

import io.envprov.controlplane.domain.EnvType;
import io.envprov.controlplane.domain.EnvironmentStatus;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The database a credential opens, with what deciding about it needs.
 *
 * @param databaseId the environment database's id
 * @param environmentId its environment
 * @param organizationId the environment's organization
 * @param envType the environment's type (sets the default lifetime)
 * @param envStatus the environment's status (credentials are issued for {@code active} ones only)
 * @param driver the driver's name
 * @param databaseName the database's immutable name
 * @param serverId the server it lives on, for server-based drivers
 */
public record CredentialTarget(
    UUID databaseId,
    UUID environmentId,
    UUID organizationId,
    EnvType envType,
    EnvironmentStatus envStatus,
    String driver,
    String databaseName,
    @Nullable UUID serverId) {}
