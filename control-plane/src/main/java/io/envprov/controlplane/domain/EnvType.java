package io.envprov.controlplane.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The type of an environment, with the policy that goes with it. Stored in {@code
 * environment.env_type} and shown by the API as {@link #sqlValue()}. A lifecycle rule that depends
 * on the type (who may create it, whether it may be deleted, how long its credentials live) is a
 * method here, so adding a type or a rule touches this enum, the CHECK constraint and the OpenAPI
 * enum ({@code DomainTypesAgreementTest} holds the three together) and nothing else.
 */
public enum EnvType {
  /** The organization's own environment: made with it, never through the API, never deleted. */
  DEFAULT(false, false, true),
  SANDBOX(true, false, false),
  DEVELOPMENT(true, false, false),
  PRODUCTION(true, false, false),
  TRIAL(true, false, false);

  private final boolean creatable;
  private final boolean protectedByDefault;
  private final boolean permanent;

  EnvType(boolean creatable, boolean protectedByDefault, boolean permanent) {
    this.creatable = creatable;
    this.protectedByDefault = protectedByDefault;
    this.permanent = permanent;
  }

  /** The value stored in {@code environment.env_type} and shown by the API. */
  @JsonValue
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no type
   */
  public static EnvType fromSql(String value) {
    return parse(value)
        .orElseThrow(() -> new IllegalArgumentException("no environment type '" + value + "'"));
  }

  /** The type named {@code value} (exactly its lower-case name), or empty. */
  public static Optional<EnvType> parse(@Nullable String value) {
    for (EnvType type : values()) {
      if (type.sqlValue().equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The type a client names in a create or copy request, when it may ask for it; else empty. */
  public static Optional<EnvType> parseCreatable(@Nullable String value) {
    return parse(value).filter(EnvType::creatable);
  }

  /** The types a client may ask for, in declaration order. */
  public static List<EnvType> creatableTypes() {
    return Arrays.stream(values()).filter(EnvType::creatable).toList();
  }

  /** What a request naming another type is told: {@code must be one of sandbox, ...}. */
  public static String creatableMessage() {
    return "must be one of "
        + creatableTypes().stream().map(EnvType::sqlValue).collect(Collectors.joining(", "));
  }

  /**
   * Whether a client may create (or copy into) an environment of this type; {@code default} is made
   * only with its organization.
   */
  public boolean creatable() {
    return creatable;
  }

  /** {@code is_protected} of a new environment of this type when the request does not say. */
  public boolean protectedByDefault() {
    return protectedByDefault;
  }

  /**
   * Whether deletion is refused whatever {@code is_protected} says: the organization's default
   * environment lives as long as the organization.
   */
  public boolean permanent() {
    return permanent;
  }

  /** Whether an environment of this type is its organization's default one. */
  public boolean isDefault() {
    return this == DEFAULT;
  }

  /**
   * The lifetime of a credential in an environment of this type when neither the request nor the
   * configuration ({@code controlplane.credentials.ttl-by-env-type}) says: empty today for every
   * type, which leaves it to {@code controlplane.credentials.default-ttl}.
   */
  public Optional<Duration> credentialTtl() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
