package io.meterreader.store;

import io.meterreader.frame.Reading;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes readings in batches on its own thread, so a slow database never stalls inference. While
 * the database is away (not there yet at start, or gone for a while), a batch that could not be
 * written is kept and tried again, after 1 s doubling to 30 s, and readings wait in the buffer.
 * The buffer is bounded: if the database cannot keep up, or stays away until it is full, the
 * newest readings are dropped and counted (the live state, the metrics and MQTT still have them).
 * Those still waiting when it stops are kept in a file, where one is given, and written after the
 * next start: a restart during a long outage lost them. While the database is away they are kept
 * in that file too ({@link WaitingCheckpoint}), so that a stop the service does not see (a power
 * cut, {@code kill -9}) loses only the newest of them.
 */
public final class ReadingWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadingWriter.class);
    static final int CAPACITY = 20_000;
    static final int BATCH = 500;

    private final ReadingStore store;
    /** Where the readings left waiting at a stop are kept until the next start; null: nowhere. */
    private final Path waitingFile;
    private final StoreStatus status;
    private final BlockingQueue<Reading> buffer = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    /** What the writer waits on between tries: a close wakes it, so that it says what it leaves. */
    private final Object wake = new Object();
    /** Readings taken into the buffer. */
    private final AtomicLong accepted = new AtomicLong();
    /** Readings taken into the buffer but never written: still there when the writer stopped. */
    private final AtomicLong lost = new AtomicLong();
    /** The waiting file kept up to date while the database is away (the writer's thread only). */
    private final WaitingCheckpoint<Reading> checkpoint;

    /** A writer for a database known to be there and migrated. */
    public ReadingWriter(ReadingStore store) {
        this(store, StoreStatus.ready());
    }

    /** A writer that waits for the store's schema and says when writes fail or go through again. */
    public ReadingWriter(ReadingStore store, StoreStatus status) {
        this(store, status, null);
    }

    /**
     * As {@link #ReadingWriter(ReadingStore, StoreStatus)}; readings still waiting when it stops
     * (the database away) are kept in {@code waitingFile} (null: none), and read back, to be
     * written first, by the writer that starts next.
     */
    public ReadingWriter(ReadingStore store, StoreStatus status, Path waitingFile) {
        this(store, status, waitingFile, WaitingCheckpoint.EVERY);
    }

    ReadingWriter(ReadingStore store, StoreStatus status, Path waitingFile, Duration checkpointEvery) {
        this.store = store;
        this.status = status;
        this.waitingFile = waitingFile;
        this.checkpoint = new WaitingCheckpoint<>(waitingFile, "Readings", checkpointEvery);
        takeWaiting();
        this.thread = new Thread(this::run, "reading-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a reading; never blocks. */
    public void write(Reading reading) {
        if (buffer.offer(reading)) {
            accepted.incrementAndGet();
        } else {
            if (dropped.incrementAndGet() % 1000 == 1) {
                log.warn("Reading store cannot keep up: {} readings dropped so far", dropped.get());
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    /** Readings waiting to be written. */
    public int pending() {
        return (int) Math.max(0, accepted.get() - written.get() - lost.get());
    }

    /** Waits until everything queued so far is written, or the timeout passes (for tests and shutdown). */
    public void flush(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        long target = accepted.get();
        while (written.get() + lost.get() < target && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    private void run() {
        List<Reading> batch = new ArrayList<>(BATCH);
        RetryDelay retry = new RetryDelay();
        while (running || !buffer.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Reading first = buffer.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    buffer.drainTo(batch, BATCH - 1);
                }
                if (!running && !status.available()) {
                    // stopping while the store is away: no 5 s wait for a connection that will not come
                    break;
                }
                if (!status.migrated()) {
                    if (!running) {
                        break;
                    }
                    checkpoint.away(() -> waiting(batch));
                    Thread.sleep(200);
                    continue;
                }
                try {
                    store.saveAll(batch);
                    if (!status.available()) {
                        log.info("Reading store back: writing the {} readings that waited", pending());
                    }
                    // available before the readings count as written: none pending means the store is up
                    status.succeeded();
                    written.addAndGet(batch.size());
                    batch.clear();
                    retry.reset();
                    checkpoint.wrote(buffer.isEmpty(), () -> new ArrayList<>(buffer));
                    continue;
                } catch (RuntimeException e) {
                    if (status.available()) {
                        log.warn("Could not store {} readings ({}); keeping them and trying again", batch.size(),
                                StoreMigration.rootMessage(e));
                    }
                    status.failed(StoreMigration.rootMessage(e));
                }
                if (!running) {
                    break;
                }
                checkpoint.away(() -> waiting(batch));
                synchronized (wake) {
                    if (running) {
                        wake.wait(retry.next());
                    }
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
        }
        List<Reading> left = new ArrayList<>(batch);
        buffer.drainTo(left);
        if (left.isEmpty()) {
            return;
        }
        lost.addAndGet(left.size());
        if (keepWaiting(left)) {
            log.warn("Stopping with {} readings not stored, the reading store being unavailable ({}): kept in {}, "
                    + "and written after the next start", left.size(), status.problem(), waitingFile);
        } else {
            dropped.addAndGet(left.size());
            log.warn("Stopping with {} readings not stored: the reading store was unavailable ({})", left.size(),
                    status.problem());
        }
    }

    /** What waits for the away database: {@code batch}, then the buffer. */
    private List<Reading> waiting(List<Reading> batch) {
        List<Reading> waiting = new ArrayList<>(batch);
        waiting.addAll(buffer);
        return waiting;
    }

    /** The readings a stop left in {@link #waitingFile}, taken into the buffer (oldest first). */
    private void takeWaiting() {
        for (Reading r : WaitingFile.take(waitingFile, Reading.class, "readings", ReadingWriter::storable)) {
            if (buffer.offer(r)) {
                accepted.incrementAndGet();
            }
        }
    }

    /**
     * Whether the reading table takes {@code r}: a line of the waiting file edited by hand (a
     * camera left out, an id of 80 characters) was refused by the database with the batch it was
     * in, which was tried again for ever and held every later reading back.
     */
    static boolean storable(Reading r) {
        return r.cameraId() != null && r.meterId().length() <= 64 && r.cameraId().length() <= 64
                && (r.unit() == null || r.unit().length() <= 32) && Double.isFinite(r.confidence());
    }

    /** Keeps {@code left} in {@link #waitingFile}; whether they are kept. */
    private boolean keepWaiting(List<Reading> left) {
        return WaitingFile.keep(waitingFile, left, "Readings");
    }

    /**
     * Stops the writer once it has written what it can: everything queued where the store is there,
     * nothing more where it is away (waiting up to 30 s for it to come back, between tries, would
     * outlast the shutdown); what it leaves is logged, as a count.
     */
    @Override
    public void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Stopping with {} readings perhaps not stored: the reading store did not answer within 5 s ({})",
                    pending(), status.problem());
        }
    }
}
