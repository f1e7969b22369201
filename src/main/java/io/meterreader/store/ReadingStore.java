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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reading history over JDBC (H2 by default, PostgreSQL in production; the schema comes from
 * Flyway migrations). Plain SQL that both databases understand.
 */
public final class ReadingStore {

    /** No query returns more rows than this, whatever limit it asks for. */
    public static final int MAX_LIMIT = 10_000;
    /** Downsampling reads at most this many raw rows. */
    static final int MAX_RAW_ROWS = 200_000;

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
     * its last reading. Buckets are aligned to the epoch, oldest first, at most {@code limit}.
     */
    public List<Reading> downsampled(String meterId, Instant from, Instant to, Duration step, int limit) {
        long stepMillis = Math.max(1, step.toMillis());
        List<Reading> raw = history(meterId, from, to, MAX_RAW_ROWS);
        Map<Long, List<Reading>> buckets = new LinkedHashMap<>();
        for (Reading r : raw) {
            buckets.computeIfAbsent(Math.floorDiv(r.captureTime().toEpochMilli(), stepMillis), k -> new ArrayList<>())
                    .add(r);
        }
        List<Reading> out = new ArrayList<>();
        for (Map.Entry<Long, List<Reading>> e : buckets.entrySet()) {
            out.add(summarise(e.getValue(), Instant.ofEpochMilli(e.getKey() * stepMillis)));
        }
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        return out.size() <= n ? out : out.subList(out.size() - n, out.size());
    }

    private static Reading summarise(List<Reading> bucket, Instant bucketStart) {
        List<Reading> ok = bucket.stream().filter(Reading::isOk).toList();
        Reading last = bucket.get(bucket.size() - 1);
        if (ok.isEmpty()) {
            return new Reading(last.meterId(), last.cameraId(), last.status(), null, last.unit(), null,
                    last.confidence(), AlarmState.NONE, bucketStart, last.readTime());
        }
        double value = ok.stream().mapToDouble(Reading::value).average().orElseThrow();
        double fraction = ok.stream().mapToDouble(Reading::fraction).average().orElseThrow();
        double confidence = ok.stream().mapToDouble(Reading::confidence).average().orElseThrow();
        Reading lastOk = ok.get(ok.size() - 1);
        return Reading.ok(lastOk.meterId(), lastOk.cameraId(), value, lastOk.unit(), fraction, confidence,
                lastOk.alarm(), bucketStart, lastOk.readTime());
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
