package io.meterreader.store;

/**
 * Whether the reading store's database can be used now: its schema is in place (migrated at
 * start, or once the database came) and the last write went through. While it cannot, readings
 * wait in memory, the history API says so at once instead of waiting on the database, and learnt
 * marks are not looked up.
 */
public final class StoreStatus {

    private volatile boolean migrated;
    private volatile boolean healthy = true;
    private volatile String problem;

    /** A status for a database known to be there and migrated (tests, tools). */
    public static StoreStatus ready() {
        StoreStatus status = new StoreStatus();
        status.migrated = true;
        return status;
    }

    public boolean available() {
        return migrated && healthy;
    }

    public boolean migrated() {
        return migrated;
    }

    /** Why the store cannot be used now; null when it can. */
    public String problem() {
        return available() ? null : problem == null ? "its schema is not in place yet" : problem;
    }

    void migratedNow() {
        migrated = true;
        healthy = true;
        problem = null;
    }

    void failed(String why) {
        problem = why;
        healthy = false;
    }

    void succeeded() {
        healthy = true;
        problem = null;
    }
}
