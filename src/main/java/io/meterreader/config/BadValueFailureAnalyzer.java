package io.meterreader.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * A value one of the service's converters refuses ({@link BadValueException}), said as the key,
 * what is wrong and where it was set, without the converter's Java types (Spring Boot's own report
 * names them), and so a value that does not convert to its key's type at all (an enum's, a
 * number's, a duration's), said as the form it must take. Other binding failures are left to the
 * other analyzers.
 */
class BadValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        BadValueException bad = findCause(cause, BadValueException.class);
        String problem = bad != null ? bad.getMessage()
                : findCause(cause, ConversionFailedException.class) != null ? form(cause.getTarget().getType().resolve())
                : null;
        if (problem == null) {
            return null;
        }
        String origin = cause.getProperty() == null || cause.getProperty().getOrigin() == null ? ""
                : " (" + cause.getProperty().getOrigin() + ")";
        return new FailureAnalysis(cause.getName() + " " + problem + origin,
                "Correct " + cause.getName() + " and start the service again.", cause);
    }

    /**
     * What a value of this type must look like, in words, for a value that did not convert (not
     * shown: it may be a password); Spring Boot's own report names the Java types, and writes an
     * enum's values in capitals where the configuration takes them as the README writes them.
     */
    static String form(Class<?> type) {
        if (type == null) {
            return "cannot be read";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "must be a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "must be a number";
        }
        if (type == Duration.class) {
            return "must be a duration such as 5s, 500ms, 10m or 2h";
        }
        return "cannot be read as " + type.getSimpleName();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
