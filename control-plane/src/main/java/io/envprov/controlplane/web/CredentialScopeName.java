package io.envprov.controlplane.web;

import io.envprov.controlplane.domain.Scopes;
import io.envprov.driver.spi.CredentialScope;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value names a {@link CredentialScope} ({@link CredentialScope#parse}); null is left to
 * {@code @NotNull}. The message lists the scopes, from the enum.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CredentialScopeName.Validator.class)
public @interface CredentialScopeName {

  /**
   * Whether the message lists the scopes by power ({@code must be readonly, readwrite or admin})
   * rather than as {@code must be one of readwrite, readonly, admin}.
   */
  boolean byPower() default false;

  String message() default "";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks the value with the enum's parse. */
  class Validator implements ConstraintValidator<CredentialScopeName, String> {

    private boolean byPower;

    @Override
    public void initialize(CredentialScopeName annotation) {
      byPower = annotation.byPower();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || CredentialScope.parse(value).isPresent()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(
              byPower ? Scopes.eitherMessage(Scopes.BY_POWER) : Scopes.oneOfMessage())
          .addConstraintViolation();
      return false;
    }
  }
}
