package io.envprov.driver.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a driver can do, as a set of named {@link Flag}s: {@code Capabilities.of(Flag.COPY,
 * Flag.READONLY_SCOPE)} rather than a row of booleans whose order must be remembered. The engine
 * refuses what a driver cannot do before calling it, and the shared contract test runs only the
 * checks a driver's flags ask for. An answer may depend on the server ({@link
 * DatabaseDriver#capabilities(ServerTarget)}): a driver derives it with {@link #without(Flag)}.
 */
public final class Capabilities {

  /** One thing a driver can do. */
  public enum Flag {
    /** {@link DatabaseDriver#copy} with {@link CopyMode#EVERYTHING} is supported. */
    COPY,
    /** {@link DatabaseDriver#copy} with {@link CopyMode#SCHEMA_ONLY} is supported. */
    SCHEMA_ONLY_COPY,
    /** Revoking one credential stops it while its siblings keep working. */
    PER_CREDENTIAL_REVOCATION,
    /** A {@link CredentialScope#READONLY} credential cannot write. */
    READONLY_SCOPE,
    /** The database itself checks the secret (not so for SQLite files). */
    SERVER_SIDE_AUTHENTICATION,
    /** Databases are placed on a registered server rather than in local files. */
    REQUIRES_SERVER,
    /**
     * Consistent snapshots to a file ({@code backup}) and databases made from one ({@code
     * restore}).
     */
    BACKUP
  }

  private final Set<Flag> flags;

  private Capabilities(Set<Flag> flags) {
    this.flags = Collections.unmodifiableSet(flags);
  }

  /** A driver that can do exactly what the flags name. */
  public static Capabilities of(Flag... flags) {
    EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
    Collections.addAll(set, flags);
    return new Capabilities(set);
  }

  /**
   * A driver that can do everything the SPI names. A flag added to the SPI later is claimed too,
   * and the shared contract test then checks it.
   */
  public static Capabilities all() {
    return new Capabilities(EnumSet.allOf(Flag.class));
  }

  /** These capabilities and {@code flag}. */
  public Capabilities with(Flag flag) {
    EnumSet<Flag> set = copyOfFlags();
    set.add(flag);
    return new Capabilities(set);
  }

  /** These capabilities but {@code flag}, e.g. a server that cannot do what the driver can. */
  public Capabilities without(Flag flag) {
    EnumSet<Flag> set = copyOfFlags();
    set.remove(flag);
    return new Capabilities(set);
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }

  /** The flags set, unmodifiable. */
  public Set<Flag> flags() {
    return flags;
  }

  /** {@link Flag#COPY}. */
  public boolean copy() {
    return has(Flag.COPY);
  }

  /** {@link Flag#SCHEMA_ONLY_COPY}. */
  public boolean schemaOnlyCopy() {
    return has(Flag.SCHEMA_ONLY_COPY);
  }

  /** {@link Flag#PER_CREDENTIAL_REVOCATION}. */
  public boolean perCredentialRevocation() {
    return has(Flag.PER_CREDENTIAL_REVOCATION);
  }

  /** {@link Flag#READONLY_SCOPE}. */
  public boolean readonlyScope() {
    return has(Flag.READONLY_SCOPE);
  }

  /** {@link Flag#SERVER_SIDE_AUTHENTICATION}. */
  public boolean serverSideAuthentication() {
    return has(Flag.SERVER_SIDE_AUTHENTICATION);
  }

  /** {@link Flag#BACKUP}: whether {@link DatabaseDriver#backup} and the restores are supported. */
  public boolean backup() {
    return has(Flag.BACKUP);
  }

  /** {@link Flag#REQUIRES_SERVER}. */
  public boolean requiresServer() {
    return has(Flag.REQUIRES_SERVER);
  }

  private EnumSet<Flag> copyOfFlags() {
    return flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Capabilities that && flags.equals(that.flags);
  }

  @Override
  public int hashCode() {
    return flags.hashCode();
  }

  @Override
  public String toString() {
    return "Capabilities" + flags;
  }
}
