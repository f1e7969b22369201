package io.meterreader.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What each dial learnt of its scale marks, kept across restarts: per meter, a digest of the
 * calibration they were learnt under and the marks as the pipeline encodes them (the store does
 * not read them). Saving happens on a thread of its own, so the inference stage never waits on
 * the database; a failure is logged and the marks are simply learnt again after the next start.
 */
public final class LearntMarksStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LearntMarksStore.class);

    /** What was kept for a meter. */
    public record Kept(String calibration, String marks, Instant learntAt) {
    }

    private final JdbcTemplate jdbc;
    private final StoreStatus status;
    private final ExecutorService writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(1_000), r -> {
                Thread t = new Thread(r, "learnt-marks-writer");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    /** A store of a database known to be there and migrated. */
    public LearntMarksStore(JdbcTemplate jdbc) {
        this(jdbc, StoreStatus.ready());
    }

    /** @param status whether the database can be used now: while it cannot, nothing is looked up */
    public LearntMarksStore(JdbcTemplate jdbc, StoreStatus status) {
        this.jdbc = jdbc;
        this.status = status;
    }

    /**
     * What was kept for the meter; empty when nothing was, or the database cannot say (it is not
     * asked while it is unavailable: the caller, the inference stage, must not wait on it).
     */
    public Optional<Kept> recall(String meterId) {
        if (!status.available()) {
            return Optional.empty();
        }
        try {
            List<Kept> rows = jdbc.query("SELECT calibration, marks, learnt_at FROM learnt_marks WHERE meter_id = ?",
                    (rs, i) -> new Kept(rs.getString(1), rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant()), meterId);
            return rows.stream().findFirst();
        } catch (DataAccessException e) {
            log.warn("Learnt scale marks of meter {} could not be read back: {}", meterId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps the meter's marks in place of what was kept, soon, on the writer's thread; never blocks. */
    public void keep(String meterId, String calibration, String marks, Instant learntAt) {
        writer.execute(() -> {
            if (!status.migrated()) {
                return;
            }
            try {
                jdbc.update("DELETE FROM learnt_marks WHERE meter_id = ?", meterId);
                jdbc.update("INSERT INTO learnt_marks (meter_id, calibration, marks, learnt_at) VALUES (?, ?, ?, ?)",
                        meterId, calibration, marks, learntAt.atOffset(ZoneOffset.UTC));
            } catch (DataAccessException e) {
                log.warn("Learnt scale marks of meter {} could not be kept: {}", meterId, e.getMessage());
            }
        });
    }

    /** Forgets what was kept for the meter (its dial moved), soon, on the writer's thread. */
    public void forget(String meterId) {
        writer.execute(() -> {
            if (!status.migrated()) {
                return;
            }
            try {
                jdbc.update("DELETE FROM learnt_marks WHERE meter_id = ?", meterId);
            } catch (DataAccessException e) {
                log.warn("Learnt scale marks of meter {} could not be forgotten: {}", meterId, e.getMessage());
            }
        });
    }

    /** Waits for what is queued to be written (at most a few seconds), then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
