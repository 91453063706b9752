package io.envprov.controlplane.store;

import io.envprov.controlplane.config.OwnerOnlyFiles;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password authentication for the embedded store. The library initialises data directories with
 * {@code trust} for everyone; this replaces that before the server first listens:
 *
 * <ol>
 *   <li>a random password is generated on first start into a file readable by the owner only and
 *       reused on every restart;
 *   <li>while no server runs, PostgreSQL in single-user mode sets the superuser's SCRAM-SHA-256
 *       verifier (computed here, so the password itself never reaches the server);
 *   <li>{@code pg_hba.conf} is rewritten so every connection, TCP or Unix socket, needs SCRAM.
 * </ol>
 *
 * Steps 2 and 3 run on a fresh data directory, on one an earlier version created with {@code trust}
 * (the upgrade), and whenever the password file is new; otherwise nothing changes. There is no
 * moment at which the server accepts a connection without the password.
 */
final class EmbeddedStoreAuth {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreAuth.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Marks a {@code pg_hba.conf} this class wrote. */
  static final String HBA_MARKER = "# envprov embedded store: SCRAM only";

  private static final String HBA =
      HBA_MARKER
          + "\n"
          + "# Written on start; edits are overwritten. The superuser's password is in the file\n"
          + "# beside the data directory (owner-only).\n"
          + "local   all   all                  scram-sha-256\n"
          + "host    all   all   127.0.0.1/32   scram-sha-256\n"
          + "host    all   all   ::1/128        scram-sha-256\n";

  private final Path passwordFile;
  private final DigestingResolver binaries = DigestingResolver.INSTANCE;
  private boolean newPassword;
  private @Nullable String password;

  EmbeddedStoreAuth(Path passwordFile) {
    this.passwordFile = passwordFile;
  }

  /** The superuser's password: read from its file, or generated into it (mode 0600). */
  synchronized String password() {
    if (password == null) {
      try {
        if (!Files.exists(passwordFile)) {
          create();
        }
        String read = Files.readString(passwordFile, StandardCharsets.US_ASCII).trim();
        if (read.length() < 20) {
          throw new IllegalStateException(
              "the embedded store's password file " + passwordFile + " is empty or too short");
        }
        password = read;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read or create the embedded store's password file " + passwordFile, e);
      }
    }
    return password;
  }

  /** The library's builder, set to connect with the password and to apply it before start. */
  EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
    String secret = password();
    return builder
        .setPgBinaryResolver(binaries)
        .setOverrideWorkingDirectory(workingDirectory())
        .setServerConfig("password_encryption", "scram-sha-256")
        .setServerConfig("listen_addresses", "localhost")
        .setConnectConfig("password", secret)
        .setDataDirectoryCustomizer(dataDir -> secure(dataDir.toPath(), secret));
  }

  /** Runs after {@code initdb} (if any) and before the server starts. */
  private void secure(Path dataDir, String secret) {
    Path hba = dataDir.resolve("pg_hba.conf");
    try {
      boolean secured =
          Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARKER);
      if (secured && !newPassword) {
        return;
      }
      setSuperuserPassword(dataDir, secret);
      Files.writeString(hba, HBA, StandardCharsets.UTF_8);
      log.info(
          "the embedded store now requires the superuser's password (SCRAM){}",
          secured ? "" : "; trust authentication removed");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot secure the embedded store in " + dataDir, e);
    }
  }

  private void setSuperuserPassword(Path dataDir, String secret) throws IOException {
    Path postgres = binaries.binDirectory().resolve("postgres");
    String verifier = PasswordUtil.encodeScramSha256(secret.toCharArray());
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // As the library runs its binaries: PostgreSQL refuses to run as root, and in a user
      // namespace root is an unprivileged user.
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(
        List.of(
            postgres.toString(),
            "--single",
            "-D",
            dataDir.toString(),
            "-c",
            "password_encryption=scram-sha-256",
            "postgres"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(
          ("ALTER ROLE postgres WITH PASSWORD '" + verifier + "';\n")
              .getBytes(StandardCharsets.US_ASCII));
    }
    String output;
    try (InputStream out = process.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("setting the embedded store's password timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while setting the embedded store's password");
    }
    // The verifier is a salted hash, not the password; the output still stays out of messages.
    if (process.exitValue() != 0 || output.contains("ERROR:")) {
      throw new IllegalStateException(
          "PostgreSQL in single-user mode could not set the embedded store's password (exit "
              + process.exitValue()
              + ")");
    }
  }

  private void create() throws IOException {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    if (OwnerOnlyFiles.createOnce(passwordFile, generated)) {
      newPassword = true;
      log.info("generated the embedded store's superuser password into {}", passwordFile);
    }
    // else another process created it first: use theirs
  }

  /** Where the library unpacks its binaries: its own default, made explicit. */
  private static File workingDirectory() {
    return new File(
        System.getProperty(
            "ot.epg.working-dir",
            new File(System.getProperty("java.io.tmpdir"), "embedded-pg").getPath()));
  }

  /**
   * The library's binary bundle, digested on the way: the library unpacks it into {@code PG-<md5>}
   * of its working directory and does not say where, and single-user mode needs that directory's
   * {@code postgres} before the library starts the server.
   */
  private static final class DigestingResolver implements PgBinaryResolver {

    static final DigestingResolver INSTANCE = new DigestingResolver();

    private @Nullable MessageDigest digest;

    @Override
    public synchronized InputStream getPgBinary(String system, String machineHardware)
        throws IOException {
      InputStream bundle =
          DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
      if (bundle == null) {
        return null;
      }
      try {
        digest = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      return new DigestInputStream(bundle, digest);
    }

    synchronized Path binDirectory() {
      if (digest == null) {
        throw new IllegalStateException("the embedded PostgreSQL binaries were not unpacked");
      }
      String md5;
      try {
        md5 = HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
      return workingDirectory().toPath().resolve("PG-" + md5).resolve("bin");
    }
  }
}
