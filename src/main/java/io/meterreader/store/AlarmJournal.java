package io.meterreader.store;

import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Via;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * The alarm journal kept in the reading store (table {@code alarm_event}): every raising,
 * clearing, acknowledgement and shelving of a meter's alarm, with who did it and why, for audits
 * and for looking back. Entries are written on a thread of their own ({@link KeyedWriter}, one
 * key an entry, so none replaces another), in order, and tried again while the database is away.
 * At most {@link #CAPACITY} wait: beyond that (a database away for long while alarms chatter)
 * the newest are dropped, counted and logged, as the reading writer does with readings.
 */
public final class AlarmJournal implements AutoCloseable {

    /** The most entries one query gives. */
    public static final int MAX_LIMIT = 10_000;
    /** The most entries that wait in memory for the database. */
    static final int CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(AlarmJournal.class);

    private static final String COLUMNS = "event_time, meter_id, kind, state, alarm_limit, alarm_value, unit, "
            + "user_name, event_text, shelved_until, via";

    private final JdbcTemplate jdbc;
    private final StoreStatus status;
    private final KeyedWriter<AlarmEvent> writer;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public AlarmJournal(JdbcTemplate jdbc, StoreStatus status) {
        this(jdbc, status, null);
    }

    /**
     * As {@link #AlarmJournal(JdbcTemplate, StoreStatus)}; the entries still waiting for the
     * database when it stops are kept in {@code waitingFile} (null: none), and the journal that
     * starts next takes them back, to be written first: an audit trail that lost who acknowledged
     * what to a restart during an outage is none.
     */
    public AlarmJournal(JdbcTemplate jdbc, StoreStatus status, Path waitingFile) {
        this(jdbc, status, waitingFile, WaitingCheckpoint.EVERY);
    }

    /**
     * As {@link #AlarmJournal(JdbcTemplate, StoreStatus, Path)}; while the database is away the
     * waiting entries are kept in {@code waitingFile} too, every {@code checkpointEvery} at most, so
     * that a stop the service does not see (a power cut, {@code kill -9}) loses only the newest.
     */
    AlarmJournal(JdbcTemplate jdbc, StoreStatus status, Path waitingFile, Duration checkpointEvery) {
        this.jdbc = jdbc;
        this.status = status;
        this.writer = new KeyedWriter<>("The alarm journal", "alarm-journal-writer", status, (key, e) -> write(e),
                left -> WaitingFile.keep(waitingFile, left, "Alarm journal entries") ? waitingFile.toString() : null,
                new WaitingCheckpoint<>(waitingFile, "Alarm journal entries", checkpointEvery));
        WaitingFile.take(waitingFile, AlarmEvent.class, "alarm journal entries").forEach(this::record);
    }

    /** Keeps the entry, soon; never blocks. Dropped (and counted) while {@link #CAPACITY} wait already. */
    public void record(AlarmEvent event) {
        if (writer.waiting() >= CAPACITY) {
            if (dropped.incrementAndGet() % 100 == 1) {
                log.warn("The alarm journal cannot keep up with the database away: {} entries dropped so far "
                        + "(the latest: {} {})", dropped.get(), event.meterId(), event.kind());
            }
            return;
        }
        writer.enqueue(event.meterId() + "#" + sequence.incrementAndGet(), event);
    }

    /** Entries never kept: too many waited for the database. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries waiting to be written. */
    public int waiting() {
        return writer.waiting();
    }

    private String write(AlarmEvent e) {
        try {
            jdbc.update("INSERT INTO alarm_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    AlarmStore.utc(e.time()), e.meterId(), e.kind().name(), e.state().name(), e.limit().name(),
                    new SqlParameterValue(Types.DOUBLE, e.value()), AlarmStore.cut(e.unit(), AlarmStore.MAX_UNIT),
                    AlarmStore.cut(e.user(), AlarmStore.MAX_USER),
                    AlarmStore.cut(e.text(), AlarmStore.MAX_COMMENT), AlarmStore.utc(e.until()),
                    e.via() == null ? null : e.via().name());
            return null;
        } catch (DataIntegrityViolationException ex) {
            // refused for what it holds, not for the database being away: tried again for ever, it
            // would hold every later entry of every meter behind it
            dropped.incrementAndGet();
            log.error("The alarm journal's entry {} {} of meter {} is refused by the database and not kept: {}",
                    e.kind(), e.time(), e.meterId(), ex.getMostSpecificCause().getMessage());
            return null;
        } catch (DataAccessException ex) {
            return ex.getMostSpecificCause().getMessage();
        }
    }

    /**
     * The entries in [from, to], of one meter (or every meter, {@code meterId} null), the latest
     * {@code limit} (at most {@link #MAX_LIMIT}), newest first.
     *
     * @throws StoreUnavailableException the database cannot say now
     */
    public List<AlarmEvent> entries(String meterId, Instant from, Instant to, int limit) {
        return entries(meterId, null, from, to, limit);
    }

    /**
     * As {@link #entries(String, Instant, Instant, int)}, only those {@code user} made (an
     * operator's, as an audit asks "what did ann do this shift", in any case; null: anyone's).
     *
     * @throws StoreUnavailableException the database cannot say now
     */
    public List<AlarmEvent> entries(String meterId, String user, Instant from, Instant to, int limit) {
        return entries(meterId, user, null, from, to, limit);
    }

    /**
     * As {@link #entries(String, String, Instant, Instant, int)}, only those come in by {@code via}
     * (what was done over MQTT, say; null: by any edge, and those journalled before the journal
     * kept it).
     *
     * @throws StoreUnavailableException the database cannot say now
     */
    public List<AlarmEvent> entries(String meterId, String user, Via via, Instant from, Instant to, int limit) {
        if (!status.migrated()) {
            throw new StoreUnavailableException(status.problem(), null);
        }
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        List<Object> args = new ArrayList<>(List.of(AlarmStore.utc(from), AlarmStore.utc(to)));
        String meter = "";   // the conditions beyond the window's
        if (meterId != null) {
            meter = " AND meter_id = ?";
            args.add(meterId);
        }
        if (user != null) {
            // in any case, as a personal account's name is known: "Ann" typed in the operator box is ann
            meter += " AND LOWER(user_name) = ?";
            args.add(AlarmStore.cut(user, AlarmStore.MAX_USER).toLowerCase(Locale.ROOT));
        }
        if (via != null) {
            meter += " AND via = ?";
            args.add(via.name());
        }
        args.add(n);
        try {
            return jdbc.query("SELECT " + COLUMNS + " FROM alarm_event WHERE event_time >= ? AND event_time <= ?"
                    + meter + " ORDER BY event_time DESC, id DESC LIMIT ?", (rs, i) -> entry(rs), args.toArray());
        } catch (DataAccessException e) {
            status.failed(StoreMigration.rootMessage(e));
            throw new StoreUnavailableException(status.problem(), e);
        }
    }

    /**
     * The alarm system's performance over [from, to] ({@link AlarmStatistics}), from every entry
     * of the window, read in time order without holding them all.
     *
     * @throws StoreUnavailableException the database cannot say now
     */
    public AlarmStatistics.Figures statistics(Instant from, Instant to) {
        if (!status.migrated()) {
            throw new StoreUnavailableException(status.problem(), null);
        }
        AlarmStatistics statistics;
        try {
            OffsetDateTime began = jdbc.queryForObject("SELECT MIN(event_time) FROM alarm_event", OffsetDateTime.class);
            statistics = new AlarmStatistics(from, to, began == null ? null : began.toInstant());
            before(statistics, from);
            jdbc.query("SELECT " + COLUMNS + " FROM alarm_event WHERE event_time >= ? AND event_time <= ?"
                    + " ORDER BY event_time, id", (RowCallbackHandler) rs -> statistics.accept(entry(rs)),
                    AlarmStore.utc(from), AlarmStore.utc(to));
        } catch (DataAccessException e) {
            status.failed(StoreMigration.rootMessage(e));
            throw new StoreUnavailableException(status.problem(), e);
        }
        return statistics.figures();
    }

    /**
     * Tells the statistics where each meter stood as the window opened: in alarm, shelved, out of
     * service, each by the latest entry before it that says so or not (an alarm stuck for a week
     * with no entry in the window is in alarm all of it, and stale).
     */
    private void before(AlarmStatistics statistics, Instant from) {
        Map<String, Instant> raised = latestBefore(from, List.of(AlarmEvent.Kind.RAISED, AlarmEvent.Kind.CLEARED,
                AlarmEvent.Kind.OUT_OF_SERVICE), AlarmEvent.Kind.RAISED);
        Map<String, Instant> shelved = latestBefore(from, List.of(AlarmEvent.Kind.SHELVED, AlarmEvent.Kind.UNSHELVED,
                AlarmEvent.Kind.OUT_OF_SERVICE), AlarmEvent.Kind.SHELVED);
        Map<String, Instant> outOfService = latestBefore(from, List.of(AlarmEvent.Kind.OUT_OF_SERVICE,
                AlarmEvent.Kind.BACK_IN_SERVICE), AlarmEvent.Kind.OUT_OF_SERVICE);
        // a raise not acknowledged before the window (cleared or not): its acknowledgement in it is timed from it
        Map<String, Instant> unacknowledged = latestBefore(from, List.of(AlarmEvent.Kind.RAISED,
                AlarmEvent.Kind.ACKNOWLEDGED, AlarmEvent.Kind.OUT_OF_SERVICE), AlarmEvent.Kind.RAISED);
        Set<String> meters = new TreeSet<>(raised.keySet());
        meters.addAll(shelved.keySet());
        meters.addAll(outOfService.keySet());
        meters.addAll(unacknowledged.keySet());
        meters.forEach(m -> statistics.before(m, raised.get(m), shelved.get(m), outOfService.get(m),
                unacknowledged.get(m)));
    }

    /**
     * Each meter whose latest entry of {@code kinds} before {@code from} is {@code on} (a timed
     * shelf still running at {@code from}), with that entry's time.
     */
    private Map<String, Instant> latestBefore(Instant from, List<AlarmEvent.Kind> kinds, AlarmEvent.Kind on) {
        String in = String.join(", ", kinds.stream().map(k -> "'" + k.name() + "'").toList());
        Map<String, Instant> out = new HashMap<>();
        jdbc.query("SELECT meter_id, kind, event_time, shelved_until FROM (SELECT meter_id, kind, event_time,"
                + " shelved_until, ROW_NUMBER() OVER (PARTITION BY meter_id ORDER BY event_time DESC, id DESC) AS n"
                + " FROM alarm_event WHERE event_time < ? AND kind IN (" + in + ")) latest WHERE n = 1",
                (RowCallbackHandler) rs -> {
                    OffsetDateTime until = rs.getObject(4, OffsetDateTime.class);
                    if (rs.getString(2).equals(on.name()) && (until == null || until.toInstant().isAfter(from))) {
                        out.put(rs.getString(1), rs.getObject(3, OffsetDateTime.class).toInstant());
                    }
                }, AlarmStore.utc(from));
        return out;
    }

    private static AlarmEvent entry(ResultSet rs) throws SQLException {
        OffsetDateTime until = rs.getObject(10, OffsetDateTime.class);
        double value = rs.getDouble(6);
        Double read = rs.wasNull() ? null : value;
        return new AlarmEvent(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2),
                AlarmEvent.Kind.valueOf(rs.getString(3)), AlarmState.valueOf(rs.getString(4)),
                AlarmState.valueOf(rs.getString(5)), read, rs.getString(7), rs.getString(8), via(rs.getString(11)),
                rs.getString(9), until == null ? null : until.toInstant());
    }

    /** The stored edge; null for an entry from before the journal kept it, or one this version does not know. */
    private static Via via(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return Via.valueOf(stored);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Deletes the entries before {@code cutoff}; how many. */
    public int deleteOlderThan(Instant cutoff) {
        return jdbc.update("DELETE FROM alarm_event WHERE event_time < ?", AlarmStore.utc(cutoff));
    }

    /** Writes what waits, while the database takes it (at most a few seconds). */
    @Override
    public void close() {
        writer.close();
    }
}
