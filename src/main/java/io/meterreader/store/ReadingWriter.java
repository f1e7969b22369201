package io.meterreader.store;

import io.meterreader.frame.Reading;
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
 * Writes readings in batches on its own thread, so a slow database never stalls inference. The
 * buffer is bounded: if the database cannot keep up, the newest readings are dropped and
 * counted (the live state and metrics still show them).
 */
public final class ReadingWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadingWriter.class);
    static final int CAPACITY = 20_000;
    static final int BATCH = 500;

    private final ReadingStore store;
    private final BlockingQueue<Reading> buffer = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public ReadingWriter(ReadingStore store) {
        this.store = store;
        this.thread = new Thread(this::run, "reading-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a reading; never blocks. */
    public void write(Reading reading) {
        if (!buffer.offer(reading)) {
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

    /** Waits until everything queued so far is written (for tests and shutdown). */
    public void flush(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!buffer.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        synchronized (this) {
            // the writer holds this monitor while a batch is in flight
        }
    }

    private void run() {
        List<Reading> batch = new ArrayList<>(BATCH);
        while (running || !buffer.isEmpty()) {
            try {
                Reading first = buffer.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                synchronized (this) {
                    batch.add(first);
                    buffer.drainTo(batch, BATCH - 1);
                    try {
                        store.saveAll(batch);
                        written.addAndGet(batch.size());
                    } catch (RuntimeException e) {
                        dropped.addAndGet(batch.size());
                        log.warn("Could not store {} readings: {}", batch.size(), e.getMessage());
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
