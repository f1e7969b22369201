package io.meterreader.store;

/**
 * The reading history cannot be read now: its database is not there, or its schema not yet in
 * place; or it is busy with as many history requests as it takes at once.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String problem, Throwable cause) {
        super("The reading history cannot be read now (" + problem + "); live readings, metrics and MQTT go on, and "
                + "readings wait in memory until the database is back", cause);
    }

    private StoreUnavailableException(String message) {
        super(message, null);
    }

    /** The history busy: {@code readers} requests at once were being answered for all of {@code waitedSeconds}. */
    static StoreUnavailableException busy(int readers, long waitedSeconds) {
        return new StoreUnavailableException("The reading history is answering " + readers + " other requests, the "
                + "most it takes at once, and none ended within " + waitedSeconds + " s: try again shortly (the "
                + "database is there; live readings, metrics and MQTT go on, and readings are stored)");
    }
}
