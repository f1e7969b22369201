package io.meterreader.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * A value one of the service's converters refuses ({@link BadValueException}), said as the key,
 * what is wrong and where it was set, without the converter's Java types (Spring Boot's own report
 * names them). Other binding failures are left to the other analyzers.
 */
class BadValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        BadValueException bad = findCause(cause, BadValueException.class);
        if (bad == null) {
            return null;
        }
        String origin = cause.getProperty() == null || cause.getProperty().getOrigin() == null ? ""
                : " (" + cause.getProperty().getOrigin() + ")";
        return new FailureAnalysis(cause.getName() + " " + bad.getMessage() + origin,
                "Correct " + cause.getName() + " and start the service again.", cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
