package io.meterreader.config;

/**
 * A configuration value that a converter of the service refuses, in words for the one who wrote it
 * ({@link BadValueFailureAnalyzer} names the key and where it was set).
 */
final class BadValueException extends IllegalArgumentException {

    BadValueException(String problem) {
        super(problem);
    }
}
