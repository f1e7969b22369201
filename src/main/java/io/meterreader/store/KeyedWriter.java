package io.meterreader.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the store on a thread of its own, so that no caller waits on the database: each
 * key's latest value waits there until it is written, a newer one taking its place. While the
 * schema is not in place yet (the database came late) and after a failed write, it is tried
 * again after 1 s, doubling to 30 s. At most one value waits per key.
 *
 * @param <V> what is written for a key
 */
final class KeyedWriter<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyedWriter.class);

    /** One write: null when done, else why not. */
    @FunctionalInterface
    interface Write<V> {
        String apply(String key, V value);
    }

    private final String what;
    private final String threadName;
    private final StoreStatus status;
    private final Write<V> write;
    private final Function<List<V>, String> keep;
    /** What waits, kept in a file while the database is away (null: only at a close). The writer's thread only. */
    private final WaitingCheckpoint<V> checkpoint;
    /** Each key's latest value not yet written, in the order keys first waited. Guarded by itself. */
    private final LinkedHashMap<String, V> waiting = new LinkedHashMap<>();
    /** Started with the first write. Guarded by waiting. */
    private Thread writer;
    private volatile boolean closed;

    /** @param what what is written, for the log ("Learnt scale marks") */
    KeyedWriter(String what, String threadName, StoreStatus status, Write<V> write) {
        this(what, threadName, status, write, null);
    }

    /**
     * As {@link #KeyedWriter(String, String, StoreStatus, Write)}; what still waits when it is
     * closed with the database away is handed to {@code keep} (oldest first), which says where it
     * kept it (null: nowhere, and it is lost).
     */
    KeyedWriter(String what, String threadName, StoreStatus status, Write<V> write,
                Function<List<V>, String> keep) {
        this(what, threadName, status, write, keep, null);
    }

    /**
     * As {@link #KeyedWriter(String, String, StoreStatus, Write, Function)}; what waits is kept by
     * {@code checkpoint} meanwhile too, while the database is away.
     */
    KeyedWriter(String what, String threadName, StoreStatus status, Write<V> write,
                Function<List<V>, String> keep, WaitingCheckpoint<V> checkpoint) {
        this.what = what;
        this.threadName = threadName;
        this.status = status;
        this.write = write;
        this.keep = keep;
        this.checkpoint = checkpoint;
    }

    /** What waits, oldest first. */
    private List<V> snapshot() {
        synchronized (waiting) {
            return new ArrayList<>(waiting.values());
        }
    }

    /** Writes {@code value} for {@code key} soon, in place of any value still waiting for it; never blocks. */
    void enqueue(String key, V value) {
        synchronized (waiting) {
            waiting.remove(key);
            waiting.put(key, value);
            waiting.notifyAll();
            if (writer == null) {
                writer = new Thread(this::run, threadName);
                writer.setDaemon(true);
                writer.start();
            }
        }
    }

    /** Keys whose value waits to be written. */
    int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void run() {
        RetryDelay retry = new RetryDelay();
        boolean said = false;
        while (true) {
            Map.Entry<String, V> next;
            synchronized (waiting) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        waiting.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                next = waiting.entrySet().iterator().next();
            }
            String failure = status.migrated() ? write.apply(next.getKey(), next.getValue())
                    : "its schema is not in place";
            if (failure == null) {
                synchronized (waiting) {
                    waiting.remove(next.getKey(), next.getValue());   // unless a newer value came meanwhile
                }
                if (checkpoint != null) {
                    checkpoint.wrote(waiting() == 0, this::snapshot);
                }
                if (said) {
                    log.info("{} written to the reading store again", what);
                }
                retry.reset();
                said = false;
                continue;
            }
            if (closed) {
                List<V> left = snapshot();
                String where = keep == null ? null : keep.apply(left);
                if (where == null) {
                    log.warn("{} of {} meter(s) not kept: the reading store is unavailable ({})", what, left.size(),
                            failure);
                } else {
                    log.warn("{}: {} waiting kept in {}, the reading store being unavailable ({}), and written after "
                            + "the next start", what, left.size(), where, failure);
                }
                return;
            }
            if (!said) {
                log.warn("{} of meter {} not kept yet ({}); trying again in {} s", what, next.getKey(), failure,
                        retry.peek() / 1000);
                said = true;
            }
            if (checkpoint != null) {
                checkpoint.away(this::snapshot);
            }
            synchronized (waiting) {
                try {
                    waiting.wait(retry.next());   // a close ends the wait
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Writes what waits, while the database takes it (at most a few seconds), then stops the thread. */
    @Override
    public void close() {
        closed = true;
        Thread started;
        synchronized (waiting) {
            waiting.notifyAll();
            started = writer;
        }
        if (started == null) {
            return;
        }
        try {
            started.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
