package io.meterreader.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Values the configuration's checks refuse ({@code read-interval: 50ms}), each said as its key is
 * written (read-interval, not readInterval) with where it was given and what is wrong: Spring
 * Boot's own report names the record component and shows the value converted ("PT0.05S"). The
 * value itself is not shown, since it may be a camera URL or a password; the message says what
 * matters of it, masked.
 */
class InvalidValueFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
        ValidationErrors errors = cause.getValidationErrors();
        String object = errors.getName().toString();
        List<String> lines = new ArrayList<>();
        for (ObjectError error : errors.getAllErrors()) {
            if (error instanceof FieldError field) {
                String key = object + "." + CameraFile.kebab(field.getField());
                // where it was given, not the value: a URL or a password is never shown (the message masks it)
                ConfigurationProperty given = errors.getBoundProperties().stream()
                        .filter(p -> p.getName().toString().equals(key)).findFirst().orElse(null);
                lines.add("    " + key + (given == null || given.getOrigin() == null ? ""
                        : " (" + given.getOrigin() + ")") + ": " + error.getDefaultMessage()
                        + unitless(field.getRejectedValue(), given));
            } else {
                lines.add("    " + object + ": " + error.getDefaultMessage());
            }
        }
        return new FailureAnalysis("The configuration has values the service does not take:\n\n"
                + String.join("\n", lines),
                "Correct them (README, Configuration, gives each key's bounds) and start the service again.", cause);
    }

    /**
     * For a duration given as a bare number ({@code read-interval: 1}), which Spring takes as
     * milliseconds: says so, the number being no secret.
     */
    private static String unitless(Object rejected, ConfigurationProperty given) {
        if (!(rejected instanceof Duration) || given == null || given.getValue() == null) {
            return "";
        }
        String number = given.getValue().toString().strip();
        return number.matches("\\d+") ? " (" + number + " without a unit is " + number + " ms: write " + number
                + "s for seconds)" : "";
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
