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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.jdbc.core.ConnectionCallback;
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

    /**
     * The most history queries at once: of the pool's 10 connections, the rest are left to the
     * writers (readings, the alarm journal, the alarm list). Ten month-long views at once took
     * them all; the reading writer waited its 5 s for a connection in vain, and history requests
     * that did the same marked the store away for everyone (a 503 to all, the health DEGRADED).
     * A query beyond them waits its turn, at most {@link #READER_WAIT_SECONDS}.
     */
    static final int MAX_READERS = 6;
    static final long READER_WAIT_SECONDS = 30;
    private final Semaphore readers = new Semaphore(MAX_READERS, /* fair= */ true);
    private final long readerWaitSeconds;
    private final JdbcTemplate jdbc;
    private final StoreStatus status;
    /** A capture time in milliseconds since the epoch in this database's SQL; null until first asked. */
    private volatile String millisSql;

    /** A store of a database known to be there and migrated. */
    public ReadingStore(JdbcTemplate jdbc) {
        this(jdbc, StoreStatus.ready());
    }

    /** @param status whether the schema is in place: until it is, history is refused at once */
    public ReadingStore(JdbcTemplate jdbc, StoreStatus status) {
        this(jdbc, status, READER_WAIT_SECONDS);
    }

    /** @param readerWaitSeconds how long a query beyond {@link #MAX_READERS} waits its turn */
    ReadingStore(JdbcTemplate jdbc, StoreStatus status, long readerWaitSeconds) {
        this.jdbc = jdbc;
        this.status = status;
        this.readerWaitSeconds = readerWaitSeconds;
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
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        List<Reading> out = new ArrayList<>(read(() -> query(meterId, from, to, n)));
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
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        int order = from.compareTo(to);
        String where = order < 0 ? "capture_time >= ? AND capture_time < ? ORDER BY capture_time ASC, id ASC"
                : order > 0 ? "capture_time <= ? AND capture_time > ? ORDER BY capture_time DESC, id DESC"
                : "capture_time >= ? AND capture_time <= ? ORDER BY capture_time ASC, id ASC";
        return read(() -> jdbc.query("SELECT " + COLUMNS + " FROM reading WHERE meter_id = ? AND " + where
                + " FETCH FIRST " + n + " ROWS ONLY", ReadingStore::map, meterId, utc(from), utc(to)));
    }

    /**
     * A meter's readings in [from, to] summed up: how many, how many OK in {@code unit} (its unit
     * now; those taken before a change of unit are on another scale), their lowest, highest and mean
     * value (null without any), and the readings without a value by status.
     */
    public record Summary(long readings, long ok, Double min, Double max, Double mean,
                          Map<ReadingStatus, Long> failures) {
    }

    public Summary summary(String meterId, String unit, Instant from, Instant to) {
        return read(() -> {
            // one pass over the window: a month of one meter is scattered among every meter's rows,
            // and a second query read them all again (4.0 s of a month's page where 2 do)
            Map<ReadingStatus, Long> failures = new EnumMap<>(ReadingStatus.class);
            long[] counts = {0, 0};
            double[] values = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0};
            String inUnit = "CASE WHEN unit = ? THEN reading_value END";
            jdbc.query("SELECT status, COUNT(*), COUNT(" + inUnit + "), MIN(" + inUnit + "), MAX(" + inUnit + "), SUM("
                    + inUnit + ") FROM reading WHERE meter_id = ? AND capture_time >= ? AND capture_time <= ? "
                    + "GROUP BY status", (RowCallbackHandler) rs -> {
                        counts[0] += rs.getLong(2);
                        ReadingStatus st = ReadingStatus.valueOf(rs.getString(1));
                        if (!st.hasValue()) {
                            failures.put(st, rs.getLong(2));
                        }
                        long ok = rs.getLong(3);
                        if (ok > 0) {
                            counts[1] += ok;
                            values[0] = Math.min(values[0], rs.getDouble(4));
                            values[1] = Math.max(values[1], rs.getDouble(5));
                            values[2] += rs.getDouble(6);
                        }
                    }, unit, unit, unit, unit, meterId, utc(from), utc(to));
            boolean any = counts[1] > 0;
            return new Summary(counts[0], counts[1], any ? values[0] : null, any ? values[1] : null,
                    any ? values[2] / counts[1] : null, failures);
        });
    }

    /** Whether any reading of the meter is stored: one whose calibration was removed or renamed keeps its history. */
    public boolean hasReadings(String meterId) {
        return Boolean.TRUE.equals(read(() -> jdbc.query("SELECT 1 FROM reading WHERE meter_id = ? "
                + "FETCH FIRST 1 ROWS ONLY", ResultSet::next, meterId)));
    }

    /**
     * The unit of the meter's latest stored reading that has one; empty when none has. A meter whose
     * calibration was removed has no unit now: its history is summed up in the unit it was last read in.
     */
    public Optional<String> latestUnit(String meterId) {
        return Optional.ofNullable(read(() -> jdbc.query("SELECT unit FROM reading WHERE meter_id = ? "
                + "AND unit IS NOT NULL ORDER BY capture_time DESC, id DESC FETCH FIRST 1 ROWS ONLY",
                rs -> rs.next() ? rs.getString(1) : null, meterId)));
    }

    /** How many readings of a meter were captured in [from, to]. */
    public long count(String meterId, Instant from, Instant to) {
        Long n = read(() -> jdbc.queryForObject("SELECT COUNT(*) FROM reading WHERE meter_id = ? AND capture_time >= ? "
                + "AND capture_time <= ?", Long.class, meterId, utc(from), utc(to)));
        return n == null ? 0 : n;
    }

    /**
     * The latest {@code limit} readings of a meter captured in [from, to], oldest first, handed to
     * {@code each} a page of {@value #MAX_LIMIT} at a time (a day of readings taken every second is
     * 86,400 of them, which no list here holds at once): for a CSV written as it is read.
     * The pages follow the readings' order (capture time, then the order stored), so that many at
     * one time across a page's end are each handed once.
     */
    public void forEach(String meterId, Instant from, Instant to, long limit, Consumer<Reading> each) {
        record Key(OffsetDateTime time, long id) {
        }
        record Row(Reading reading, Key key) {
        }
        long skip = Math.max(0, count(meterId, from, to) - Math.max(1, limit));
        // just before the oldest to hand: the first of the window, or the first after those skipped
        Key start = read(() -> jdbc.query("SELECT capture_time, id FROM reading WHERE meter_id = ? "
                + "AND capture_time >= ? AND capture_time <= ? ORDER BY capture_time, id OFFSET " + skip
                + " ROWS FETCH FIRST 1 ROWS ONLY", rs -> rs.next()
                ? new Key(rs.getObject(1, OffsetDateTime.class), rs.getLong(2) - 1) : null,
                meterId, utc(from), utc(to)));
        for (Key after = start; after != null; ) {
            Key k = after;
            // the page's start bounds the index range too: within the OR alone, each page read the meter's
            // window from its start again (the 26th page of a month: 2.9 s, the whole file quadratic)
            List<Row> page = read(() -> jdbc.query("SELECT " + COLUMNS + ", id FROM reading WHERE meter_id = ? "
                    + "AND capture_time >= ? AND capture_time <= ? "
                    + "AND (capture_time > ? OR (capture_time = ? AND id > ?)) "
                    + "ORDER BY capture_time, id FETCH FIRST " + MAX_LIMIT + " ROWS ONLY",
                    (rs, row) -> new Row(map(rs, row), new Key(rs.getObject("capture_time", OffsetDateTime.class),
                            rs.getLong("id"))), meterId, k.time(), utc(to), k.time(), k.time(), k.id()));
            page.forEach(row -> each.accept(row.reading()));
            after = page.size() < MAX_LIMIT ? null : page.get(page.size() - 1).key();
        }
    }

    /**
     * A query of the history, refused at once while the schema is not in place or the database failed
     * within the last 10 s; a database that fails it is marked away (the health says so) and the
     * caller gets StoreUnavailableException.
     */
    private <T> T read(Supplier<T> query) {
        if (!status.migrated() || status.failedWithin(10)) {
            throw new StoreUnavailableException(status.problem(), null);
        }
        try {
            if (!readers.tryAcquire(readerWaitSeconds, TimeUnit.SECONDS)) {
                throw StoreUnavailableException.busy(MAX_READERS, readerWaitSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("the request was interrupted", e);
        }
        try {
            return query.get();
        } catch (org.springframework.dao.DataAccessException e) {
            status.failed(StoreMigration.rootMessage(e));
            throw new StoreUnavailableException(status.problem(), e);
        } finally {
            readers.release();
        }
    }

    private List<Reading> query(String meterId, Instant from, Instant to, int n) {
        return jdbc.query("SELECT " + COLUMNS + " FROM reading WHERE meter_id = ? "
                        + "AND capture_time >= ? AND capture_time <= ? ORDER BY capture_time DESC, id DESC "
                        + "FETCH FIRST " + n + " ROWS ONLY",
                ReadingStore::map, meterId, utc(from), utc(to));
    }

    /**
     * The history downsampled into buckets of {@code step}, aligned to the epoch, oldest first, the
     * latest {@code limit} of them: one reading per bucket and unit that holds any, stamped with the
     * bucket's start (a bucket in which the meter's unit was changed in its calibration has one
     * reading in each: the values of two scales are never averaged into one). With OK readings it is OK, the mean of their value, fraction and confidence,
     * in the most frequent alarm state among them other than NONE (a step in alarm shows so)
     * or NONE; without, it has the most frequent of its failures (the first in ReadingStatus's
     * order on a tie) and their mean confidence. Every stored reading of [from, to] counts: the
     * database sums them up (a month of a meter stored every 10 s, 259,200 readings, in a few
     * hundred milliseconds), nothing is held here.
     */
    public List<Reading> downsampled(String meterId, Instant from, Instant to, Duration step, int limit) {
        long stepMillis = Math.max(1, step.toMillis());
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        // the SQL asks the database which it is, the first time: within read, as a query is
        List<Reading> out = new ArrayList<>(read(() -> jdbc.query(downsampling(n),
                (rs, row) -> bucketReading(rs, meterId, stepMillis), stepMillis, meterId, utc(from), utc(to))));
        Collections.reverse(out);
        return out;
    }

    /** The mean of a meter's OK readings in one step ({@link #stepMeans}, numbered from its origin), in one unit. */
    public record StepMean(String meterId, long step, String unit, double mean) {
    }

    /** The longest stretch of time one query of {@link #stepMeans} sums up. */
    static final Duration STEP_MEANS_CHUNK = Duration.ofDays(1);

    /**
     * Every step's mean of the OK readings of each of {@code meterIds} in [from, to], handed to
     * {@code each} (steps of {@code step} from {@code origin}, not after {@code from}, numbered from
     * it: a shift log's steps start at its shift, 06:00 local, not at the epoch's hours in UTC; one
     * per unit where a meter's unit changed within a step), for a log of every meter side by side.
     * The meters' readings are summed up together, a day at a time: one query a meter read the
     * month of each again (100 meters' month: 402 s), and one query for the month would scan it
     * whole within one statement's time limit. A day is cut at a step's end, so that no step is split.
     */
    public void stepMeans(List<String> meterIds, Instant from, Instant to, Duration step, Instant origin,
                          Consumer<StepMean> each) {
        if (origin.isAfter(from)) {
            throw new IllegalArgumentException("steps from " + origin + ", after the window's start " + from);
        }
        if (meterIds.isEmpty()) {
            return;
        }
        // the stretch of the window that holds readings (two lookups in the time index): a window
        // reaching years past them is not stepped through a day at a time (from 2000 at PT24H: 9,800
        // queries of nothing, 6.4 s each with ten at once, in the many-clients audit)
        Instant[] held = read(() -> jdbc.query("SELECT MIN(capture_time), MAX(capture_time) FROM reading "
                + "WHERE capture_time >= ? AND capture_time <= ?", rs -> {
                    rs.next();
                    OffsetDateTime first = rs.getObject(1, OffsetDateTime.class);
                    OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
                    return first == null ? null : new Instant[] {first.toInstant(), last.toInstant()};
                }, utc(from), utc(to)));
        if (held == null) {
            return;
        }
        long stepMillis = Math.max(1, step.toMillis());
        long chunkSteps = Math.max(1, STEP_MEANS_CHUNK.toMillis() / stepMillis);
        String meters = String.join(", ", Collections.nCopies(meterIds.size(), "?"));
        Instant until = held[1];
        long zero = origin.toEpochMilli();
        for (Instant start = held[0]; !start.isAfter(until); ) {
            long nextStep = zero + (Math.floorDiv(start.toEpochMilli() - zero, stepMillis) + chunkSteps) * stepMillis;
            Instant end = Instant.ofEpochMilli(nextStep);
            boolean last = end.isAfter(until);
            List<Object> args = new ArrayList<>();
            args.add(zero);
            args.add(stepMillis);
            args.add(utc(start));
            args.add(utc(last ? until : end));
            args.addAll(meterIds);
            read(() -> {
                jdbc.query("SELECT meter_id, FLOOR((" + epochMillis() + " - ?) / ?) AS b, unit, AVG(reading_value) "
                        + "FROM reading "
                        + "WHERE capture_time >= ? AND capture_time " + (last ? "<=" : "<") + " ? "
                        + "AND reading_value IS NOT NULL AND meter_id IN (" + meters + ") GROUP BY meter_id, b, unit",
                        (RowCallbackHandler) rs -> each.accept(new StepMean(rs.getString(1), rs.getLong(2),
                                rs.getString(3), rs.getDouble(4))), args.toArray());
                return null;
            });
            if (last) {
                break;
            }
            start = end;
        }
    }

    /** The SQL of {@link #downsampled}: the latest {@code n} buckets. */
    private String downsampling(int n) {
        StringBuilder sql = new StringBuilder("SELECT ").append(bucket()).append(" AS b, COUNT(reading_value) AS ok, ")
                .append("AVG(reading_value) AS v, AVG(CASE WHEN reading_value IS NOT NULL THEN fraction END) AS f, ")
                .append("AVG(CASE WHEN reading_value IS NOT NULL THEN confidence END) AS c_ok, ")
                .append("AVG(confidence) AS c_all, MAX(camera_id) AS camera, unit, ")
                .append("MAX(read_time) AS read_time");
        for (AlarmState a : AlarmState.values()) {
            sql.append(", SUM(CASE WHEN reading_value IS NOT NULL AND alarm = '").append(a.name())
                    .append("' THEN 1 ELSE 0 END) AS a_").append(a.name());
        }
        for (ReadingStatus st : ReadingStatus.values()) {
            sql.append(", SUM(CASE WHEN status = '").append(st.name()).append("' THEN 1 ELSE 0 END) AS s_")
                    .append(st.name());
        }
        sql.append(" FROM reading WHERE meter_id = ? AND capture_time >= ? AND capture_time <= ?")
                .append(" GROUP BY b, unit ORDER BY b DESC, unit DESC FETCH FIRST ").append(n).append(" ROWS ONLY");
        return sql.toString();
    }

    /** One bucket's row of {@link #downsampled} as a reading. */
    private static Reading bucketReading(ResultSet rs, String meterId, long stepMillis) throws SQLException {
        Instant start = Instant.ofEpochMilli(rs.getLong("b") * stepMillis);
        Instant readTime = rs.getObject("read_time", OffsetDateTime.class).toInstant();
        String camera = rs.getString("camera");
        String unit = rs.getString("unit");
        if (rs.getLong("ok") > 0) {
            AlarmState alarm = mostFrequent(rs, "a_", AlarmState.values(), AlarmState.NONE);
            return Reading.ok(meterId, camera, rs.getDouble("v"), unit, rs.getDouble("f"), rs.getDouble("c_ok"),
                    alarm == null ? AlarmState.NONE : alarm, start, readTime);
        }
        ReadingStatus failure = mostFrequent(rs, "s_", ReadingStatus.values(), ReadingStatus.OK);
        return new Reading(meterId, camera, failure, null, unit, null, rs.getDouble("c_all"), AlarmState.NONE,
                start, readTime);
    }

    /** The value other than {@code except} counted most often in a step (columns PREFIX + name); null for none. */
    private static <E extends Enum<E>> E mostFrequent(ResultSet rs, String prefix, E[] values, E except)
            throws SQLException {
        E best = null;
        long most = 0;
        for (E e : values) {
            long count = rs.getLong(prefix + e.name());
            if (e != except && count > most) {
                best = e;
                most = count;
            }
        }
        return best;
    }

    /**
     * A reading's bucket of {@code ?} milliseconds, in the database's SQL: H2 takes EXTRACT(EPOCH)
     * of a time with its zone slowly (50 s for 26,000 rows against 36 ms by DATEDIFF, measured),
     * and PostgreSQL has no DATEDIFF.
     */
    private String bucket() {
        return "FLOOR(" + epochMillis() + " / ?)";
    }

    /** The SQL of a reading's capture time in milliseconds since the epoch, in the database's own words. */
    private String epochMillis() {
        String sql = millisSql;
        if (sql == null) {
            String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
            sql = "H2".equalsIgnoreCase(product)
                    ? "DATEDIFF('MILLISECOND', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', capture_time)"
                    : "EXTRACT(EPOCH FROM capture_time) * 1000";
            millisSql = sql;
        }
        return sql;
    }

    /**
     * A change of a meter's status or alarm state: the stored reading that made it, the status
     * before it, and the alarm state before it as of the last reading with a value (null where the
     * range does not tell). A failed reading has no value and changes no alarm (its stored alarm is
     * NONE only for want of a value), as on OPC UA.
     */
    public record Change(Reading reading, ReadingStatus before, AlarmState alarmBefore, boolean alarmChanged) {
    }

    /**
     * The changes of a meter's status or alarm state within [from, to], the latest {@code limit},
     * newest first (the store keeps every stored reading whose status or alarm differs from the
     * one before it, whatever its interval). The first reading of the range is held against the
     * last one before the range, so that an alarm raised or cleared at a window's very start is in
     * it; the first the store has of the meter is no change.
     */
    public List<Change> changes(String meterId, Instant from, Instant to, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        record Row(Reading reading, ReadingStatus statusBefore, AlarmState alarmBefore) {
        }
        // the raw changes, with room for those a failed reading makes in the stored alarm alone
        List<Row> newestFirst = read(() -> jdbc.query("SELECT * FROM (SELECT " + COLUMNS + ", id, "
                + "LAG(status) OVER (ORDER BY capture_time, id) AS status_before, "
                + "LAG(alarm) OVER (ORDER BY capture_time, id) AS alarm_before "
                + "FROM reading WHERE meter_id = ? AND capture_time >= COALESCE((SELECT MAX(capture_time) "
                + "FROM reading WHERE meter_id = ? AND capture_time < ?), ?) AND capture_time <= ?) t "
                + "WHERE capture_time >= ? AND status_before IS NOT NULL "
                + "AND (status <> status_before OR alarm <> alarm_before) "
                + "ORDER BY capture_time DESC, id DESC FETCH FIRST " + Math.min(MAX_LIMIT, 3 * n) + " ROWS ONLY",
                (rs, row) -> new Row(map(rs, row), ReadingStatus.valueOf(rs.getString("status_before")),
                        AlarmState.valueOf(rs.getString("alarm_before"))),
                meterId, meterId, utc(from), utc(from), utc(to), utc(from)));
        // oldest first, following the alarm of the last reading with a value
        List<Change> out = new ArrayList<>();
        AlarmState alarm = null;
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Row r = newestFirst.get(i);
            if (i == newestFirst.size() - 1 && r.statusBefore() == ReadingStatus.OK) {
                alarm = r.alarmBefore();
            }
            AlarmState before = alarm;
            boolean alarmChanged = false;
            if (r.reading().value() != null) {
                alarmChanged = before == null ? r.reading().alarm() != AlarmState.NONE : r.reading().alarm() != before;
                alarm = r.reading().alarm();
            }
            if (alarmChanged || r.reading().status() != r.statusBefore()) {
                out.add(new Change(r.reading(), r.statusBefore(), before, alarmChanged));
            }
        }
        Collections.reverse(out);
        return out.size() <= n ? out : out.subList(0, n);
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
