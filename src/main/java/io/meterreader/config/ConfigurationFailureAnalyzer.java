package io.meterreader.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ConfigurationException} into Spring Boot's start-up failure report. */
class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        // a property is its own place: "Correct meter-reader.x", not "Correct meter-reader.x in meter-reader.x"
        String what = cause.field().equals(cause.where()) ? cause.field() : cause.field() + " in " + cause.where();
        return new FailureAnalysis(cause.getMessage(), "Correct " + what + " and start the service again.", cause);
    }
}
