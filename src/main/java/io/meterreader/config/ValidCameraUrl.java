package io.meterreader.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A camera URL with a supported scheme and a host (or file, or sim name). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidCameraUrl.Validator.class)
public @interface ValidCameraUrl {

    String message() default "is not a usable camera URL";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<ValidCameraUrl, CameraUrl> {
        @Override
        public boolean isValid(CameraUrl url, ConstraintValidatorContext context) {
            if (url == null) {
                return true;
            }
            return url.problem().map(problem -> {
                context.disableDefaultConstraintViolation();
                // The message is a template: escape EL and parameter markers a URL might contain.
                String safe = (url.masked() + " " + problem).replace("\\", "\\\\")
                        .replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
                context.buildConstraintViolationWithTemplate(safe).addConstraintViolation();
                return false;
            }).orElse(true);
        }
    }
}
