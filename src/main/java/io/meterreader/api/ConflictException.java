package io.meterreader.api;

/** A request that the present state refuses (an alarm acknowledged twice): 409. */
final class ConflictException extends RuntimeException {

    ConflictException(String message) {
        super(message);
    }
}
