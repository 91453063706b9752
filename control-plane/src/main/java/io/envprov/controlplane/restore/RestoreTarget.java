package io.envprov.controlplane.restore;

import java.util.Locale;

/** Where {@code POST /v1/backups/{id}/restore} puts the backup's contents. */
enum RestoreTarget {
  /** A new environment of the backup's organization, made from the backup like a copy. */
  NEW,
  /** The backup's own environment, whose contents it replaces. */
  IN_PLACE;

  /** The request's value for each target, for the request's pattern. */
  static final String PATTERN = "new|in_place";

  /** The value a request names it by. */
  String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The target named {@code value} (already checked against {@link #PATTERN}). */
  static RestoreTarget of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
