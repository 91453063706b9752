package io.envprov.libsql.testserver;

import io.envprov.libsql.auth.Ed25519Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * The namespaces of the test server: one SQLite file each, and the configuration sqld keeps per
 * namespace ({@code jwt_key}, {@code block_reads}, {@code block_writes}), all under one data
 * directory. A {@code default} namespace always exists, as in sqld.
 */
final class TestNamespaces {

  /** sqld's rule for namespace names. */
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,128}$");

  /**
   * A namespace's configuration.
   *
   * @param jwtKey the PEM text of its keys, or null to use the server's global key
   * @param keys the parsed keys of {@code jwtKey}
   */
  record Config(
      @Nullable String jwtKey, List<PublicKey> keys, boolean blockReads, boolean blockWrites) {}

  private final Path directory;
  private final Map<String, Config> namespaces = new ConcurrentHashMap<>();

  TestNamespaces(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    create("default", null);
  }

  static boolean validName(String name) {
    return NAME.matcher(name).matches();
  }

  Optional<Config> config(String name) {
    return Optional.ofNullable(namespaces.get(name));
  }

  Path file(String name) {
    return directory.resolve(name + ".db");
  }

  /** Creates the namespace; false when it exists. */
  synchronized boolean create(String name, @Nullable String jwtKey) {
    if (namespaces.containsKey(name)) {
      return false;
    }
    try (Connection connection = open(name, false);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create namespace " + name, e);
    }
    namespaces.put(
        name,
        new Config(
            jwtKey, jwtKey == null ? List.of() : Ed25519Keys.parsePems(jwtKey), false, false));
    return true;
  }

  /** Creates {@code to} as a copy of {@code from}; false when {@code to} exists. */
  synchronized boolean fork(String from, String to) throws SQLException {
    if (namespaces.containsKey(to)) {
      return false;
    }
    Path target = file(to);
    try (Connection source = open(from, false);
        Statement statement = source.createStatement()) {
      statement.execute("VACUUM INTO '" + target.toString().replace("'", "''") + "'");
    }
    try (Connection connection = open(to, false);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
    }
    // sqld copies the database, not the configuration
    namespaces.put(to, new Config(null, List.of(), false, false));
    return true;
  }

  synchronized boolean delete(String name) {
    if (namespaces.remove(name) == null) {
      return false;
    }
    for (String suffix : List.of(".db", ".db-wal", ".db-shm")) {
      try {
        Files.deleteIfExists(directory.resolve(name + suffix));
      } catch (IOException e) {
        // an open stream still holds the file on some platforms; it is unreachable anyway
      }
    }
    return true;
  }

  synchronized void configure(String name, Config config) {
    namespaces.put(name, config);
  }

  Map<String, Config> all() {
    return new TreeMap<>(namespaces);
  }

  Connection open(String name, boolean readOnlyTransactionHint) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(5000);
    return DriverManager.getConnection("jdbc:sqlite:" + file(name), config.toProperties());
  }
}
