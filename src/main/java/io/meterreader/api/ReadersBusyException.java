package io.meterreader.api;

/** Uploaded images wait for a reader, and this one waited too long: answered 503 with Retry-After. */
final class ReadersBusyException extends RuntimeException {

    ReadersBusyException(String message) {
        super(message);
    }
}
