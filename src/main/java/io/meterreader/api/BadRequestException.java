package io.meterreader.api;

/** A request whose parameters are wrong in a way Spring's own checks do not catch. */
final class BadRequestException extends RuntimeException {

    private final String parameter;

    BadRequestException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
