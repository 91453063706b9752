package io.envprov.controlplane.web;

import io.envprov.controlplane.domain.EnvType;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value names an {@link EnvType} a client may create ({@link EnvType#parseCreatable}); null is
 * left to {@code @NotNull}. The message lists the creatable types, from the enum.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CreatableEnvType.Validator.class)
public @interface CreatableEnvType {

  String message() default "";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks the value with the enum's parse. */
  class Validator implements ConstraintValidator<CreatableEnvType, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || EnvType.parseCreatable(value).isPresent()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(EnvType.creatableMessage())
          .addConstraintViolation();
      return false;
    }
  }
}
