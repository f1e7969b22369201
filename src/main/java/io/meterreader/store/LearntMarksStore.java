package io.meterreader.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What each dial learnt of its scale marks, kept across restarts: per meter, a digest of the
 * calibration they were learnt under and the marks as the pipeline encodes them (the store does
 * not read them). Saving happens on a thread of its own, so the inference stage never waits on
 * the database. Each meter's latest keep or forget waits there until it is written: while the
 * schema is not in place yet (the database came late) and after a failed write, tried again
 * after 1 s, doubling to 30 s. At most one waits per meter.
 */
public final class LearntMarksStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LearntMarksStore.class);

    /** What was kept for a meter. */
    public record Kept(String calibration, String marks, Instant learntAt) {
    }

    /** A meter's marks to keep; null marks: forget them. */
    private record Write(String calibration, String marks, Instant learntAt) {
    }

    private final JdbcTemplate jdbc;
    private final StoreStatus status;
    private final KeyedWriter<Write> writer;

    /** A store of a database known to be there and migrated. */
    public LearntMarksStore(JdbcTemplate jdbc) {
        this(jdbc, StoreStatus.ready());
    }

    /** @param status whether the database can be used now: while it cannot, nothing is looked up */
    public LearntMarksStore(JdbcTemplate jdbc, StoreStatus status) {
        this.jdbc = jdbc;
        this.status = status;
        this.writer = new KeyedWriter<>("Learnt scale marks", "learnt-marks-writer", status, this::write);
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

    /** Whether the database can be asked now ({@link #recall} answers empty without asking while it cannot). */
    public boolean available() {
        return status.available();
    }

    /** Keeps the meter's marks in place of what was kept, soon, on the writer's thread; never blocks. */
    public void keep(String meterId, String calibration, String marks, Instant learntAt) {
        writer.enqueue(meterId, new Write(calibration, marks, learntAt));
    }

    /** Forgets what was kept for the meter (its dial moved), soon, on the writer's thread. */
    public void forget(String meterId) {
        writer.enqueue(meterId, new Write(null, null, null));
    }

    /** Meters whose marks wait to be written. */
    public int waiting() {
        return writer.waiting();
    }

    /** Writes one meter's marks; null when done, else why not. */
    private String write(String meterId, Write w) {
        try {
            jdbc.update("DELETE FROM learnt_marks WHERE meter_id = ?", meterId);
            if (w.marks() != null) {
                jdbc.update("INSERT INTO learnt_marks (meter_id, calibration, marks, learnt_at) VALUES (?, ?, ?, ?)",
                        meterId, w.calibration(), w.marks(), w.learntAt().atOffset(ZoneOffset.UTC));
            }
            return null;
        } catch (DataAccessException e) {
            return e.getMostSpecificCause().getMessage();
        }
    }

    /**
     * Writes what waits, while the database takes it (at most a few seconds), then stops the
     * writer; what it does not take is said in the log and learnt again after the next start.
     */
    @Override
    public void close() {
        writer.close();
    }
}
