package io.meterreader.cli;

/** The command line is wrong: a missing or unknown option, or a bad value. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
