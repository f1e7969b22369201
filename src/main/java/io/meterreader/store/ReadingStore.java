package io.meterreader.store;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reading history over JDBC (H2 by default, PostgreSQL in production; the schema comes from
 * Flyway migrations). Plain SQL that both databases understand.
 */
public final class ReadingStore {

    /** No query returns more rows than this, whatever limit it asks for. */
    public static final int MAX_LIMIT = 10_000;

    private static final String COLUMNS = "meter_id, camera_id, status, reading_value, unit, fraction, confidence, "
            + "alarm, capture_time, read_time";

    private final JdbcTemplate jdbc;
    private final StoreStatus status;

    /** A store of a database known to be there and migrated. */
    public ReadingStore(JdbcTemplate jdbc) {
        this(jdbc, StoreStatus.ready());
    }

    /** @param status whether the schema is in place: until it is, history is refused at once */
    public ReadingStore(JdbcTemplate jdbc, StoreStatus status) {
        this.jdbc = jdbc;
        this.status = status;
    }

    public void saveAll(List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO reading (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", readings,
                readings.size(), (ps, r) -> {
                    ps.setString(1, r.meterId());
                    ps.setString(2, r.cameraId());
                    ps.setString(3, r.status().name());
                    if (r.value() == null) {
                        ps.setNull(4, Types.DOUBLE);
                    } else {
                        ps.setDouble(4, r.value());
                    }
                    ps.setString(5, r.unit());
                    if (r.fraction() == null) {
                        ps.setNull(6, Types.DOUBLE);
                    } else {
                        ps.setDouble(6, r.fraction());
                    }
                    ps.setDouble(7, r.confidence());
                    ps.setString(8, r.alarm().name());
                    ps.setObject(9, utc(r.captureTime()));
                    ps.setObject(10, utc(r.readTime()));
                });
    }

    /**
     * A meter's readings with capture time in [from, to], the most recent {@code limit} of
     * them, oldest first.
     */
    public List<Reading> history(String meterId, Instant from, Instant to, int limit) {
        if (!status.migrated()) {
            throw new StoreUnavailableException(status.problem(), null);
        }
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        List<Reading> newestFirst;
        try {
            newestFirst = query(meterId, from, to, n);
        } catch (org.springframework.dao.DataAccessException e) {
            status.failed(StoreMigration.rootMessage(e));
            throw new StoreUnavailableException(status.problem(), e);
        }
        List<Reading> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    /**
     * At most {@code limit} readings of a meter from {@code from} (inclusive) towards {@code to}
     * (exclusive), in that direction: oldest first when {@code from} is before {@code to}, newest
     * first when it is after; the readings at {@code from} alone when the two are equal. A page of a
     * history read (OPC UA's raw history), where the history endpoint's "the latest n" is not.
     */
    public List<Reading> between(String meterId, Instant from, Instant to, int limit) {
        if (!status.migrated()) {
            throw new StoreUnavailableException(status.problem(), null);
        }
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        int order = from.compareTo(to);
        String where = order < 0 ? "capture_time >= ? AND capture_time < ? ORDER BY capture_time ASC, id ASC"
                : order > 0 ? "capture_time <= ? AND capture_time > ? ORDER BY capture_time DESC, id DESC"
                : "capture_time >= ? AND capture_time <= ? ORDER BY capture_time ASC, id ASC";
        try {
            return jdbc.query("SELECT " + COLUMNS + " FROM reading WHERE meter_id = ? AND " + where
                    + " FETCH FIRST " + n + " ROWS ONLY", ReadingStore::map, meterId, utc(from), utc(to));
        } catch (org.springframework.dao.DataAccessException e) {
            status.failed(StoreMigration.rootMessage(e));
            throw new StoreUnavailableException(status.problem(), e);
        }
    }

    private List<Reading> query(String meterId, Instant from, Instant to, int n) {
        return jdbc.query("SELECT " + COLUMNS + " FROM reading WHERE meter_id = ? "
                        + "AND capture_time >= ? AND capture_time <= ? ORDER BY capture_time DESC, id DESC "
                        + "FETCH FIRST " + n + " ROWS ONLY",
                ReadingStore::map, meterId, utc(from), utc(to));
    }

    /**
     * The history downsampled into buckets of {@code step}: one reading per bucket, the mean of
     * its OK readings (value, fraction and confidence; latest alarm state) or, if none was OK,
     * its last reading. Buckets are aligned to the epoch, oldest first, the latest {@code limit}
     * of them. Every raw reading of [from, to] counts, however many (a month of a meter stored
     * every 10 s is 259,200): they are read in pages of {@value #MAX_LIMIT} and summed up as they
     * come, never held.
     */
    public List<Reading> downsampled(String meterId, Instant from, Instant to, Duration step, int limit) {
        if (!status.migrated()) {
            throw new StoreUnavailableException(status.problem(), null);
        }
        long stepMillis = Math.max(1, step.toMillis());
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        ArrayDeque<Reading> out = new ArrayDeque<>();
        Bucket[] bucket = {null};
        try {
            forEachBetween(meterId, from, to, r -> {
                long key = Math.floorDiv(r.captureTime().toEpochMilli(), stepMillis);
                if (bucket[0] != null && bucket[0].key != key) {
                    keep(out, bucket[0].summary(stepMillis), n);
                    bucket[0] = null;
                }
                if (bucket[0] == null) {
                    bucket[0] = new Bucket(key);
                }
                bucket[0].add(r);
            });
        } catch (org.springframework.dao.DataAccessException e) {
            status.failed(StoreMigration.rootMessage(e));
            throw new StoreUnavailableException(status.problem(), e);
        }
        if (bucket[0] != null) {
            keep(out, bucket[0].summary(stepMillis), n);
        }
        return new ArrayList<>(out);
    }

    /** Adds a bucket's reading, dropping the oldest beyond {@code n}. */
    private static void keep(ArrayDeque<Reading> out, Reading r, int n) {
        out.addLast(r);
        if (out.size() > n) {
            out.removeFirst();
        }
    }

    /**
     * Every reading of a meter captured in [from, to], oldest first, a page of
     * {@value #MAX_LIMIT} at a time (after the last one's time and row id, so that readings of
     * one time are neither skipped nor counted twice across pages).
     */
    private void forEachBetween(String meterId, Instant from, Instant to, Consumer<Reading> each) {
        Instant afterTime = null;
        long afterId = 0;
        while (true) {
            long[] lastId = {afterId};
            Instant[] lastTime = {afterTime};
            int[] rows = {0};
            RowCallbackHandler handler = rs -> {
                Reading r = map(rs, rows[0]);
                rows[0]++;
                lastId[0] = rs.getLong("id");
                lastTime[0] = r.captureTime();
                each.accept(r);
            };
            String order = " ORDER BY capture_time ASC, id ASC FETCH FIRST " + MAX_LIMIT + " ROWS ONLY";
            if (afterTime == null) {
                jdbc.query("SELECT id, " + COLUMNS + " FROM reading WHERE meter_id = ? AND capture_time >= ? "
                        + "AND capture_time <= ?" + order, handler, meterId, utc(from), utc(to));
            } else {
                jdbc.query("SELECT id, " + COLUMNS + " FROM reading WHERE meter_id = ? AND capture_time <= ? "
                        + "AND (capture_time > ? OR (capture_time = ? AND id > ?))" + order, handler, meterId,
                        utc(to), utc(afterTime), utc(afterTime), afterId);
            }
            if (rows[0] < MAX_LIMIT) {
                return;
            }
            afterTime = lastTime[0];
            afterId = lastId[0];
        }
    }

    /** The readings of one bucket, summed up as they come. */
    private static final class Bucket {
        final long key;
        int ok;
        double value;
        double fraction;
        double confidence;
        Reading lastOk;
        Reading last;

        Bucket(long key) {
            this.key = key;
        }

        void add(Reading r) {
            last = r;
            if (r.isOk()) {
                ok++;
                value += r.value();
                fraction += r.fraction();
                confidence += r.confidence();
                lastOk = r;
            }
        }

        Reading summary(long stepMillis) {
            Instant start = Instant.ofEpochMilli(key * stepMillis);
            if (ok == 0) {
                return new Reading(last.meterId(), last.cameraId(), last.status(), null, last.unit(), null,
                        last.confidence(), AlarmState.NONE, start, last.readTime());
            }
            return Reading.ok(lastOk.meterId(), lastOk.cameraId(), value / ok, lastOk.unit(), fraction / ok,
                    confidence / ok, lastOk.alarm(), start, lastOk.readTime());
        }
    }

    /** Deletes readings captured before {@code cutoff}; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        return jdbc.update("DELETE FROM reading WHERE capture_time < ?", utc(cutoff));
    }

    public long count(String meterId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM reading WHERE meter_id = ?", Long.class, meterId);
        return n == null ? 0 : n;
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Reading map(ResultSet rs, int row) throws SQLException {
        double value = rs.getDouble("reading_value");
        Double boxedValue = rs.wasNull() ? null : value;
        double fraction = rs.getDouble("fraction");
        Double boxedFraction = rs.wasNull() ? null : fraction;
        return new Reading(rs.getString("meter_id"), rs.getString("camera_id"),
                ReadingStatus.valueOf(rs.getString("status")), boxedValue, rs.getString("unit"), boxedFraction,
                rs.getDouble("confidence"), AlarmState.valueOf(rs.getString("alarm")),
                rs.getObject("capture_time", OffsetDateTime.class).toInstant(),
                rs.getObject("read_time", OffsetDateTime.class).toInstant());
    }
}
