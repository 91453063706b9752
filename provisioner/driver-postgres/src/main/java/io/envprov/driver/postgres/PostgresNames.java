package io.envprov.driver.postgres;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The names of everything the driver makes for one database. Role names share one namespace per
 * server and PostgreSQL truncates identifiers to 63 bytes, so a database name too long for {@code
 * <name>_readwrite} is shortened, deterministically, with a hash of the full name.
 *
 * @param database the database name
 */
record PostgresNames(String database) {

  private static final int MAX_IDENTIFIER = 63;
  private static final String LONGEST_SUFFIX = "_readwrite";

  PostgresNames {
    DatabaseName.requireValid(database);
  }

  /** The prefix of the group roles: the database name when it leaves room for the suffixes. */
  String rolePrefix() {
    if (database.length() + LONGEST_SUFFIX.length() <= MAX_IDENTIFIER) {
      return database;
    }
    int keep = MAX_IDENTIFIER - LONGEST_SUFFIX.length() - 9;
    return database.substring(0, keep) + "_" + hash(database, 8);
  }

  /** The group owning the schema and every object in it. */
  String adminGroup() {
    return rolePrefix() + "_admin";
  }

  /** The group allowed DML. */
  String readwriteGroup() {
    return rolePrefix() + "_readwrite";
  }

  /** The group allowed SELECT. */
  String readonlyGroup() {
    return rolePrefix() + "_readonly";
  }

  /** The group a credential of that scope belongs to. */
  String group(CredentialScope scope) {
    return switch (scope) {
      case ADMIN -> adminGroup();
      case READWRITE -> readwriteGroup();
      case READONLY -> readonlyGroup();
    };
  }

  /** The three groups, admin first. */
  List<String> groups() {
    return List.of(adminGroup(), readwriteGroup(), readonlyGroup());
  }

  /**
   * Where a copy is assembled before it is renamed to {@link #database()}: a copy only ever appears
   * under its final name complete.
   */
  String copyStaging() {
    return "envprov_copy_" + hash(database, 16);
  }

  /** The template database of a baseline, and the NOLOGIN role owning the objects inside it. */
  static String template(Baseline baseline) {
    return "envprov_tpl_" + hash(baseline.location(), 16);
  }

  private static String hash(String text, int hexDigits) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexDigits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
