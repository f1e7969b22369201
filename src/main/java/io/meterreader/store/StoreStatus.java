package io.meterreader.store;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

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
    /** When a use of the database last failed (System.nanoTime()). */
    private volatile long failedAt;
    /** What waits for the schema to be in place. Guarded by this. */
    private final List<Runnable> onMigrated = new ArrayList<>();

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

    /**
     * Runs {@code action} once the schema is in place, on the thread that put it there (the
     * migration's): at once when it is already.
     */
    public void whenMigrated(Runnable action) {
        synchronized (this) {
            if (!migrated) {
                onMigrated.add(action);
                return;
            }
        }
        action.run();
    }

    void migratedNow() {
        List<Runnable> due;
        synchronized (this) {
            migrated = true;
            healthy = true;
            problem = null;
            due = List.copyOf(onMigrated);
            onMigrated.clear();
        }
        for (Runnable action : due) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(StoreStatus.class).warn("What waited for the reading store failed: {}",
                        e.toString(), e);
            }
        }
    }

    /** The schema's first try outlasted the start's wait, and goes on: an upgrade indexing a large history. */
    void puttingInPlace() {
        synchronized (this) {
            if (!migrated && problem == null) {
                problem = PUTTING_IN_PLACE;
            }
        }
    }

    static final String PUTTING_IN_PLACE = "its schema is still being put in place: an upgrade indexing a large "
            + "history takes minutes";

    void failed(String why) {
        problem = why;
        healthy = false;
        failedAt = System.nanoTime();
    }

    /**
     * Whether the database failed within the last {@code seconds}: a read then is answered at once
     * rather than after the 5 s a connection is waited for (the writer's tries say when it is back,
     * and a read after that long tries again itself).
     */
    boolean failedWithin(long seconds) {
        return !healthy && System.nanoTime() - failedAt < seconds * 1_000_000_000L;
    }

    void succeeded() {
        healthy = true;
        problem = null;
    }
}
