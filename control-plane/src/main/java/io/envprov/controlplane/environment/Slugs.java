package io.envprov.controlplane.environment;

/**
 * The slug rule of schemas/openapi.yaml (the Slug schema), shared by organizations and
 * environments.
 */
public final class Slugs {

  public static final String PATTERN = "^[a-z][a-z0-9-]{1,62}$";
  public static final String MESSAGE =
      "must be 2 to 63 lower-case letters, digits or hyphens, starting with a letter";

  private Slugs() {}
}
