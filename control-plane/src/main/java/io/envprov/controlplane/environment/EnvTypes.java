package io.envprov.controlplane.environment;

/**
 * The environment types a client may ask for; {@code default} is made only with an organization.
 */
public final class EnvTypes {

  public static final String CREATABLE = "sandbox|development|production|trial";
  public static final String MESSAGE = "must be one of sandbox, development, production, trial";

  private EnvTypes() {}
}
