package io.meterreader.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What waits for an away database, kept in its waiting file ({@link WaitingFile}) while it waits,
 * not only at a stop: a stop the service does not see (a power cut, {@code kill -9}, an
 * out-of-memory kill) then loses only what came since the last time it was kept. Kept at once
 * when the database is first found away, then every {@code every} at most; once the database is
 * back, the file is removed when nothing waits any more, and rewritten with what still does every
 * {@code every} at most meanwhile (a backlog of 20,000 readings is written in seconds: a rewrite
 * after each batch would write the file 40 times). A stop in those seconds has the next start
 * write again what had gone through since the last rewrite: twice rather than never.
 *
 * <p>One writer thread uses it: it is not safe for several.
 *
 * @param <T> what waits (a reading, an alarm journal entry)
 */
final class WaitingCheckpoint<T> {

    /** How often, at most, what waits is kept in the file. */
    static final Duration EVERY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(WaitingCheckpoint.class);

    private final Path file;
    private final String what;
    private final Duration every;
    /** Whether the file holds what waits now. */
    private boolean kept;
    /** Whether it was tried since nothing waited; when, System.nanoTime(). */
    private boolean tried;
    private long triedAt;

    /** @param file the waiting file (null: nothing is kept); @param what what waits, for the log ("Readings") */
    WaitingCheckpoint(Path file, String what, Duration every) {
        this.file = file;
        this.what = what;
        this.every = every;
    }

    /**
     * After a write the database did not take: keeps what waits, when it is due. A file that
     * cannot be written is tried again only as often (its warning once each time, not at every
     * write tried meanwhile).
     */
    void away(Supplier<List<T>> waiting) {
        if (file == null || (tried && !due())) {
            return;
        }
        List<T> items = waiting.get();
        if (items.isEmpty()) {
            return;
        }
        tried = true;
        triedAt = System.nanoTime();
        if (!WaitingFile.keep(file, items, what)) {
            return;
        }
        if (!kept) {
            log.info("{} waiting for the reading store are kept in {} meanwhile ({} now, again every {} s): a stop the "
                    + "service does not see loses only the newest", what, file, items.size(), every.toSeconds());
        }
        kept = true;
    }

    /**
     * After a write went through: with {@code nothingWaits}, the file is removed; else what still
     * waits ({@code rest}, asked for only then) is kept, when it is due.
     */
    void wrote(boolean nothingWaits, Supplier<List<T>> rest) {
        if (nothingWaits) {
            tried = false;
            if (kept) {
                try {
                    Files.deleteIfExists(file);
                    kept = false;
                } catch (IOException e) {
                    log.warn("{} waiting for the reading store, all written now, are still in {}: it could not be "
                            + "removed ({}); the next start writes them again", what, file, e.getMessage());
                }
            }
        } else if (kept && due()) {
            triedAt = System.nanoTime();
            WaitingFile.keep(file, rest.get(), what);
        }
    }

    private boolean due() {
        return System.nanoTime() - triedAt >= every.toNanos();
    }
}
