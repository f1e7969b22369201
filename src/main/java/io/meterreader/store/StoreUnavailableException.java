package io.meterreader.store;

/** The reading history cannot be read now: its database is not there, or its schema not yet in place. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String problem, Throwable cause) {
        super("The reading history cannot be read now (" + problem + "); live readings, metrics and MQTT go on, and "
                + "readings wait in memory until the database is back", cause);
    }
}
