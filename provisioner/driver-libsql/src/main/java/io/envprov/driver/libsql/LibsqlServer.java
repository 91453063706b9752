package io.envprov.driver.libsql;

import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.ServerTarget;
import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A registered libSQL server as this driver reads it from a {@link ServerTarget}.
 *
 * <p>sqld mode ({@code options.mode} absent or {@code sqld}): {@code adminUrl} is the admin
 * listener, {@code adminSecret} the admin auth key (required: the driver derives its own signing
 * key from it), {@code options.sqlUrl} the Hrana URL, {@code options.registryNamespace} the
 * namespace holding the credential-key registry (default {@code envprov_keys}), and the {@code
 * driverSecret} (random, generated and kept sealed by the control plane) from which the driver's
 * own Ed25519 signing key comes. Well-known default admin keys are refused at registration.
 *
 * <p>Turso mode ({@code options.mode = turso}): {@code adminUrl} is the Platform API base URL (e.g.
 * {@code https://api.turso.tech}), {@code adminSecret} the platform token, {@code
 * options.organization} the organization slug, {@code options.group} the group (default {@code
 * default}); {@code options.sqlUrl}, when set, replaces {@code https://<database hostname>} and
 * addresses the database by namespace header (for test servers and proxies).
 */
record LibsqlServer(
    String id,
    Mode mode,
    URI adminUrl,
    @Nullable String adminSecret,
    @Nullable URI sqlUrl,
    String registryNamespace,
    @Nullable String organization,
    String group,
    @Nullable String driverSecret) {

  /**
   * Admin keys published in examples and defaults (ours included), or too short to resist a guess:
   * whoever knows the admin key owns the server, so such a key is refused at registration.
   */
  private static final java.util.Set<String> KNOWN_DEFAULTS =
      java.util.Set.of(
          "change-me-sqld-admin-key",
          "changeme",
          "change-me",
          "admin",
          "admin-key",
          "password",
          "secret",
          "sqld",
          "libsql",
          "key",
          "test");

  static final int MIN_ADMIN_SECRET_LENGTH = 16;

  enum Mode {
    SQLD,
    TURSO
  }

  static LibsqlServer of(@Nullable ServerTarget target) {
    LibsqlServer server = parse(target);
    if (server.mode() == Mode.SQLD
        && (server.driverSecret() == null || server.driverSecret().isBlank())) {
      throw DriverException.permanent(
          "server "
              + server.id()
              + ": sqld mode needs a driver secret (the control plane generates one per server)",
          null);
    }
    return server;
  }

  /**
   * Checks a registration: the options {@link #of} needs, and in sqld mode an admin key that is
   * neither a published default nor shorter than {@value #MIN_ADMIN_SECRET_LENGTH} characters.
   */
  static void validate(ServerTarget target) {
    LibsqlServer server = parse(target);
    String secret = java.util.Objects.requireNonNull(server.adminSecret());
    if (server.mode() == Mode.SQLD
        && (secret.length() < MIN_ADMIN_SECRET_LENGTH
            || KNOWN_DEFAULTS.contains(secret.trim().toLowerCase(Locale.ROOT))
            || secret.toLowerCase(Locale.ROOT).contains("change-me")
            || secret.toLowerCase(Locale.ROOT).contains("changeme"))) {
      throw DriverException.permanent(
          "server "
              + target.id()
              + ": the sqld admin auth key is a well-known default or shorter than "
              + MIN_ADMIN_SECRET_LENGTH
              + " characters; start sqld with a long random --admin-auth-key",
          null);
    }
  }

  private static LibsqlServer parse(@Nullable ServerTarget target) {
    if (target == null) {
      throw DriverException.permanent(
          "the libsql driver needs a registered server (sqld or Turso)", null);
    }
    String modeName = target.options().getOrDefault("mode", "sqld").toLowerCase(Locale.ROOT);
    Mode mode =
        switch (modeName) {
          case "sqld" -> Mode.SQLD;
          case "turso" -> Mode.TURSO;
          default ->
              throw DriverException.permanent(
                  "server " + target.id() + ": option mode must be sqld or turso", null);
        };
    URI adminUrl = uri(target, "adminUrl", target.adminUrl());
    String sqlUrlText = target.options().get("sqlUrl");
    URI sqlUrl =
        sqlUrlText == null || sqlUrlText.isBlank() ? null : uri(target, "sqlUrl", sqlUrlText);
    if (mode == Mode.SQLD) {
      if (sqlUrl == null) {
        throw DriverException.permanent(
            "server " + target.id() + ": sqld mode needs options.sqlUrl (the Hrana URL)", null);
      }
      if (target.adminSecret() == null || target.adminSecret().isBlank()) {
        throw DriverException.permanent(
            "server "
                + target.id()
                + ": sqld mode needs the admin auth key as the server's admin secret"
                + " (start sqld with --admin-auth-key)",
            null);
      }
    } else {
      if (target.options().get("organization") == null) {
        throw DriverException.permanent(
            "server " + target.id() + ": turso mode needs options.organization", null);
      }
      if (target.adminSecret() == null || target.adminSecret().isBlank()) {
        throw DriverException.permanent(
            "server " + target.id() + ": turso mode needs the platform token as admin secret",
            null);
      }
    }
    return new LibsqlServer(
        target.id(),
        mode,
        adminUrl,
        target.adminSecret(),
        sqlUrl,
        target.options().getOrDefault("registryNamespace", "envprov_keys"),
        target.options().get("organization"),
        target.options().getOrDefault("group", "default"),
        target.driverSecret());
  }

  /** The JDBC URL of a database reachable at this Hrana base URL, by namespace header or not. */
  static String jdbcUrl(URI httpBase, @Nullable String namespace) {
    String base = httpBase.toString().replaceAll("/+$", "");
    return "jdbc:libsql:" + base + (namespace == null ? "" : "?namespace=" + namespace);
  }

  private static URI uri(ServerTarget target, String what, String text) {
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw DriverException.permanent(
          "server " + target.id() + ": " + what + " is not an http(s) URL", e);
    }
  }

  @Override
  public String toString() {
    return "LibsqlServer[id=" + id + ", mode=" + mode + ", adminUrl=" + adminUrl + "]";
  }
}
