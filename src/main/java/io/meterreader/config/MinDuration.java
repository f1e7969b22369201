package io.meterreader.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

/** A duration of at least {@link #millis()} milliseconds. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MinDuration.Validator.class)
public @interface MinDuration {

    long millis();

    String message() default "must be at least {millis} ms";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<MinDuration, Duration> {
        private long millis;

        @Override
        public void initialize(MinDuration annotation) {
            this.millis = annotation.millis();
        }

        @Override
        public boolean isValid(Duration value, ConstraintValidatorContext context) {
            return value == null || value.toMillis() >= millis;
        }
    }
}
