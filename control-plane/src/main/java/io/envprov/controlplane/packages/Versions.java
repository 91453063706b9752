package io.envprov.controlplane.packages;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Versions of packages and of their migrations: dot-separated numbers, ordered part by part as
 * numbers ({@code 1.10.0} after {@code 1.9.0}; a missing part counts as less: {@code 1.2} before
 * {@code 1.2.0}).
 */
final class Versions {

  /** A package's name. */
  static final Pattern PACKAGE_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,39}$");

  /**
   * A number of a version: no leading zero, so one version has one spelling (Flyway reads {@code
   * 1.01} as {@code 1.1}), and small enough for an integer.
   */
  private static final String NUMBER = "(0|[1-9][0-9]{0,8})";

  /** A package's version: one to three numbers. */
  static final Pattern PACKAGE_VERSION =
      Pattern.compile("^" + NUMBER + "(\\." + NUMBER + "){0,2}$");

  /** A migration's version: one or more numbers. */
  static final Pattern MIGRATION_VERSION =
      Pattern.compile("^" + NUMBER + "(\\." + NUMBER + "){0,9}$");

  /** Orders version strings as versions. */
  static final Comparator<String> ORDER = Versions::compare;

  private Versions() {}

  /** The version's parts as numbers, as {@code package_version.version_key} stores them. */
  static Integer[] key(String version) {
    String[] parts = version.split("\\.");
    Integer[] key = new Integer[parts.length];
    for (int i = 0; i < parts.length; i++) {
      key[i] = Integer.parseInt(parts[i]);
    }
    return key;
  }

  static int compare(String left, String right) {
    Integer[] a = key(left);
    Integer[] b = key(right);
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int byPart = Integer.compare(a[i], b[i]);
      if (byPart != 0) {
        return byPart;
      }
    }
    return Integer.compare(a.length, b.length);
  }
}
