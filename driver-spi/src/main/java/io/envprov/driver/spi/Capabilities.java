package io.envprov.driver.spi;

/**
 * What a driver can do. The engine refuses what a driver cannot do before calling it, and the
 * shared contract test runs only the checks a driver's flags ask for.
 *
 * @param copy {@link DatabaseDriver#copy} with {@link CopyMode#EVERYTHING} is supported
 * @param schemaOnlyCopy {@link DatabaseDriver#copy} with {@link CopyMode#SCHEMA_ONLY} is supported
 * @param perCredentialRevocation revoking one credential stops it while its siblings keep working
 * @param readonlyScope a {@link CredentialScope#READONLY} credential cannot write
 * @param serverSideAuthentication the database itself checks the secret (false for SQLite files)
 * @param requiresServer databases are placed on a registered server rather than local files
 */
public record Capabilities(
    boolean copy,
    boolean schemaOnlyCopy,
    boolean perCredentialRevocation,
    boolean readonlyScope,
    boolean serverSideAuthentication,
    boolean requiresServer) {}
