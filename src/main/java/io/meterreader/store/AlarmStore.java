package io.meterreader.store;

import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.ConditionDisabled;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The alarm list kept across restarts: each meter's alarm while it is on the list (active, not
 * yet acknowledged, or shelved), so that an alarm nobody acknowledged before a restart is still
 * there after it, one acknowledged stays acknowledged, and one shelved stays shelved; and the
 * meters taken out of service, which stay out until someone puts them back; and the OPC UA alarm
 * conditions a client disabled, which stay disabled until one enables them. Saving happens on a
 * thread of its own ({@link KeyedWriter}): the inference stage, which raises alarms, never waits
 * on the database.
 */
public final class AlarmStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlarmStore.class);
    /** The columns' sizes: longer text (an OPC UA user's certificate subject, a long comment) is cut. */
    static final int MAX_USER = 1000;
    static final int MAX_COMMENT = 4000;
    static final int MAX_UNIT = 200;

    private final JdbcTemplate jdbc;
    private final StoreStatus status;
    private final KeyedWriter<MeterAlarm> writer;
    private final KeyedWriter<OutOfService> serviceWriter;
    private final KeyedWriter<ConditionDisabled> conditionWriter;
    /** The local copy, read back at a start while the database is away; null for none. */
    private final AlarmStateFile copy;
    /** What the copy held at the start, read once; null before or where there is none. */
    private AlarmStateFile.State fromCopy;
    private boolean copyRead;
    /** Which of the alarms, the meters out of service and the conditions were read back at the start already. */
    private boolean alarmsLoaded;
    private boolean serviceLoaded;
    private boolean conditionsLoaded;

    /** A store of a database known to be there and migrated. */
    public AlarmStore(JdbcTemplate jdbc) {
        this(jdbc, StoreStatus.ready());
    }

    public AlarmStore(JdbcTemplate jdbc, StoreStatus status) {
        this(jdbc, status, null);
    }

    /** @param copy a local copy of what is kept, for a start while the database is away (null: none) */
    public AlarmStore(JdbcTemplate jdbc, StoreStatus status, AlarmStateFile copy) {
        this.jdbc = jdbc;
        this.status = status;
        this.copy = copy;
        this.writer = new KeyedWriter<>("The alarm list", "alarm-list-writer", status, this::write);
        this.serviceWriter = new KeyedWriter<>("The meters out of service", "out-of-service-writer", status,
                this::writeService);
        this.conditionWriter = new KeyedWriter<>("The disabled alarm conditions", "disabled-condition-writer", status,
                this::writeCondition);
    }

    /**
     * The alarms on the list when the service stopped; empty, with a warning, when the database
     * cannot say now (the list then starts empty).
     */
    public synchronized List<MeterAlarm> load() {
        boolean first = !alarmsLoaded;
        alarmsLoaded = true;
        AlarmStateFile.State copied = copyAtStart(first);
        if (copied != null) {
            return copied.alarms();
        }
        if (!status.migrated()) {
            log.warn("The alarm list starts empty until the database comes (then its alarms kept are listed again): "
                    + "the reading store is not there yet ({})", status.problem());
            return List.of();
        }
        try {
            List<MeterAlarm> kept = jdbc.query("SELECT meter_id, state, alarm_limit, acknowledged, raised, changed,"
                    + " alarm_value, unit, acknowledged_at, acknowledged_by, alarm_comment, shelved_at, shelved_until,"
                    + " shelved_by, shelve_reason, priority FROM meter_alarm ORDER BY raised, meter_id",
                    (rs, i) -> alarm(rs));
            if (first && copy != null) {
                copy.alarmsKept(kept);
            }
            return kept;
        } catch (DataAccessException e) {
            log.warn("The alarm list starts empty: it could not be read back ({})", e.getMostSpecificCause()
                    .getMessage());
            return List.of();
        }
    }

    /** Whether the database's schema is in place, so that what is kept can be read back now. */
    public boolean ready() {
        return status.migrated();
    }

    /** Runs {@code action} once the database's schema is in place (at once when it is). */
    public void whenReady(Runnable action) {
        status.whenMigrated(action);
    }

    /**
     * The meters out of service when the service stopped; empty, with a warning, when the
     * database cannot say now (every meter is then read).
     */
    public synchronized Map<String, OutOfService> loadOutOfService() {
        boolean first = !serviceLoaded;
        serviceLoaded = true;
        AlarmStateFile.State copied = copyAtStart(first);
        if (copied != null) {
            return copied.outOfService();
        }
        Map<String, OutOfService> kept = loadByMeter("SELECT meter_id, since, user_name, reason FROM meter_out_of_service ORDER BY since, "
                + "meter_id", rs -> new OutOfService(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                rs.getString(4)), "Every meter starts in service until the database comes (those out of service when the service stopped are "
                + "then again)", "the meters out of service");
        if (kept == null) {
            return Map.of();
        }
        if (first && copy != null) {
            copy.outOfServiceKept(kept);
        }
        return kept;
    }

    /**
     * The meters whose OPC UA alarm condition was disabled when the service stopped; empty, with a
     * warning, when the database cannot say now (every condition then starts enabled).
     */
    public synchronized Map<String, ConditionDisabled> loadDisabledConditions() {
        boolean first = !conditionsLoaded;
        conditionsLoaded = true;
        AlarmStateFile.State copied = copyAtStart(first);
        if (copied != null) {
            return copied.disabled();
        }
        Map<String, ConditionDisabled> kept = loadByMeter("SELECT meter_id, since, user_name FROM condition_disabled "
                        + "ORDER BY since, meter_id",
                rs -> new ConditionDisabled(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)),
                "Every OPC UA alarm condition starts enabled", "the disabled ones");
        if (kept == null) {
            return Map.of();
        }
        if (first && copy != null) {
            copy.disabledKept(kept);
        }
        return kept;
    }

    /**
     * Whether what is kept was read back from the local copy at the start, the database being away:
     * then the alarm list went on from it, and what the database has, once it comes, is older
     * than the list (the changes made meanwhile wait to be written to it).
     */
    public synchronized boolean startedFromCopy() {
        return fromCopy != null;
    }

    /**
     * What the local copy held, for the first load of a part of it while the database is away
     * (read once, said once in the log); null otherwise, or where there is none: the database says.
     */
    private AlarmStateFile.State copyAtStart(boolean first) {
        if (!first || copy == null || (copyRead && fromCopy == null)) {
            return null;
        }
        if (!copyRead) {
            copyRead = true;
            boolean migrated = status.migrated();
            AlarmStateFile.State read = copy.read();
            if (read == null || (migrated && !read.ahead())) {
                return null;   // the database says
            }
            fromCopy = read;
            if (migrated) {
                log.warn("The alarm list ({} alarms), the meters out of service {} and the disabled OPC UA conditions "
                        + "{} start as the local copy {} has them: the service stopped with changes the database had "
                        + "not taken, and they are written to it now", fromCopy.alarms().size(),
                        fromCopy.outOfService().keySet(), fromCopy.disabled().keySet(), copy.file());
            } else {
                log.warn("The alarm list ({} alarms), the meters out of service {} and the disabled OPC UA conditions "
                        + "{} start as the local copy {} has them, the reading store not being there yet ({})",
                        fromCopy.alarms().size(), fromCopy.outOfService().keySet(), fromCopy.disabled().keySet(),
                        copy.file(), status.problem());
            }
            status.whenMigrated(this::databaseAsTheCopy);
        }
        return fromCopy;
    }

    /**
     * The database, come after a start from the local copy, made as the list is now: each meter's
     * rows written as the copy has them, those it no longer has deleted (what waited in memory
     * when the service stopped, the database being away, is not lost).
     */
    private void databaseAsTheCopy() {
        // the database's rows read first, outside the lock that every change of the list takes
        List<String> alarmRows = List.of();
        List<String> serviceRows = List.of();
        List<String> conditionRows = List.of();
        try {
            alarmRows = jdbc.queryForList("SELECT meter_id FROM meter_alarm", String.class);
            serviceRows = jdbc.queryForList("SELECT meter_id FROM meter_out_of_service", String.class);
            conditionRows = jdbc.queryForList("SELECT meter_id FROM condition_disabled", String.class);
        } catch (DataAccessException e) {
            log.warn("The database's alarm list could not be read to bring it in line with the local copy ({}): rows "
                    + "the copy no longer has may stay", e.getMostSpecificCause().getMessage());
        }
        AlarmStateFile.State now;
        synchronized (this) {
            // the list as it is, written after whatever waited: no change of it comes between
            AlarmStateFile.State current = copy.current();
            Set<String> listed = current.alarms().stream().map(MeterAlarm::meterId).collect(Collectors.toSet());
            alarmRows.stream().filter(id -> !listed.contains(id)).forEach(id -> writer.enqueue(id, null));
            serviceRows.stream().filter(id -> !current.outOfService().containsKey(id))
                    .forEach(id -> serviceWriter.enqueue(id, null));
            conditionRows.stream().filter(id -> !current.disabled().containsKey(id))
                    .forEach(id -> conditionWriter.enqueue(id, null));
            current.alarms().forEach(a -> writer.enqueue(a.meterId(), a));
            current.outOfService().forEach(serviceWriter::enqueue);
            current.disabled().forEach(conditionWriter::enqueue);
            now = current;
        }
        log.info("The reading store has come: the alarm list ({} alarms), the meters out of service {} and the disabled "
                + "conditions {} are written to it as they are now", now.alarms().size(), now.outOfService().keySet(),
                now.disabled().keySet());
    }

    /** How a row (its meter in the first column) becomes what is kept of its meter. */
    @FunctionalInterface
    private interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    /**
     * Each meter's row of a table of one row a meter, by the meter; null, with a warning that
     * says {@code otherwise}, when the database cannot say now.
     */
    private <T> Map<String, T> loadByMeter(String select, Row<T> row, String otherwise, String what) {
        if (!status.migrated()) {
            log.warn("{}: the reading store is not there yet ({})", otherwise, status.problem());
            return null;
        }
        try {
            Map<String, T> out = new LinkedHashMap<>();
            jdbc.query(select, (RowCallbackHandler) rs -> out.put(rs.getString(1), row.of(rs)));
            return out;
        } catch (DataAccessException e) {
            log.warn("{}: {} could not be read back ({})", otherwise, what, e.getMostSpecificCause().getMessage());
            return null;
        }
    }

    /** Keeps the meter's OPC UA alarm condition disabled so ({@code null}: enabled), soon; never blocks. */
    public synchronized void saveConditionDisabled(String meterId, ConditionDisabled disabled) {
        conditionWriter.enqueue(meterId, disabled);
        if (copy != null) {
            copy.disabled(meterId, disabled);
        }
    }

    /** Keeps the meter out of service so ({@code null}: back in service), soon; never blocks. */
    public synchronized void saveOutOfService(String meterId, OutOfService outOfService) {
        serviceWriter.enqueue(meterId, outOfService);
        if (copy != null) {
            copy.outOfService(meterId, outOfService);
        }
    }

    private static MeterAlarm alarm(ResultSet rs) throws SQLException {
        OffsetDateTime shelvedAt = rs.getObject(12, OffsetDateTime.class);
        AlarmShelf shelf = shelvedAt == null ? null : new AlarmShelf(shelvedAt.toInstant(),
                instant(rs.getObject(13, OffsetDateTime.class)), rs.getString(14), rs.getString(15));
        return new MeterAlarm(rs.getString(1), AlarmState.valueOf(rs.getString(2)), AlarmState.valueOf(rs.getString(3)),
                rs.getBoolean(4), instant(rs.getObject(5, OffsetDateTime.class)),
                instant(rs.getObject(6, OffsetDateTime.class)), rs.getDouble(7), rs.getString(8),
                instant(rs.getObject(9, OffsetDateTime.class)), rs.getString(10), rs.getString(11), shelf,
                AlarmPriority.valueOf(rs.getString(16)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** Keeps the alarm as it is now (one no longer on the list: its row goes), soon; never blocks. */
    public synchronized void save(MeterAlarm alarm) {
        writer.enqueue(alarm.meterId(), alarm);
        if (copy != null) {
            copy.alarm(alarm.meterId(), alarm);
        }
    }

    /**
     * Forgets the meter's alarm, its being out of service and its condition's being disabled (its
     * meter is no longer calibrated), soon.
     */
    public synchronized void forget(String meterId) {
        writer.enqueue(meterId, null);
        serviceWriter.enqueue(meterId, null);
        conditionWriter.enqueue(meterId, null);
        if (copy != null) {
            copy.alarm(meterId, null);
            copy.outOfService(meterId, null);
            copy.disabled(meterId, null);
        }
    }

    /** Alarms, meters' service and conditions' disabling waiting to be written. */
    public int waiting() {
        return writer.waiting() + serviceWriter.waiting() + conditionWriter.waiting();
    }

    /** Writes whether one meter's condition is disabled (null: not); null when done, else why not. */
    private String writeCondition(String meterId, ConditionDisabled d) {
        return d == null ? replace("condition_disabled", meterId, null)
                : replace("condition_disabled", meterId, "(meter_id, since, user_name) VALUES (?, ?, ?)", meterId,
                        utc(d.since()), cut(d.user(), MAX_USER));
    }

    /** Writes whether one meter is out of service (null: not); null when done, else why not. */
    private String writeService(String meterId, OutOfService o) {
        return o == null ? replace("meter_out_of_service", meterId, null)
                : replace("meter_out_of_service", meterId, "(meter_id, since, user_name, reason) VALUES (?, ?, ?, ?)",
                        meterId, utc(o.since()), cut(o.user(), MAX_USER), cut(o.reason(), MAX_COMMENT));
    }

    /**
     * Replaces a meter's row of a table of one row a meter: deleted, then, with {@code values}
     * (its columns and values, as an INSERT takes them; null: none), inserted again with
     * {@code args}; null when done, else why not.
     */
    private String replace(String table, String meterId, String values, Object... args) {
        try {
            jdbc.update("DELETE FROM " + table + " WHERE meter_id = ?", meterId);
            if (values != null) {
                jdbc.update("INSERT INTO " + table + " " + values, args);
            }
            return null;
        } catch (DataIntegrityViolationException e) {
            // the database refuses this row itself, not for being away: trying it again for ever
            // would hold every other meter's writes behind it
            log.error("Meter {}: its row of {} is refused by the database and not kept: {}", meterId, table,
                    e.getMostSpecificCause().getMessage());
            return null;
        } catch (DataAccessException e) {
            return e.getMostSpecificCause().getMessage();
        }
    }

    /** Writes one meter's alarm (null: none); null when done, else why not. */
    private String write(String meterId, MeterAlarm a) {
        if (a == null || !a.listed()) {
            return replace("meter_alarm", meterId, null);
        }
        AlarmShelf shelf = a.shelf();
        return replace("meter_alarm", meterId, "(meter_id, state, alarm_limit, acknowledged, raised, changed,"
                        + " alarm_value, unit, acknowledged_at, acknowledged_by, alarm_comment, shelved_at,"
                        + " shelved_until, shelved_by, shelve_reason, priority)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                meterId, a.state().name(), a.limit().name(), a.acknowledged(), utc(a.raised()),
                utc(a.changed()), a.value(), cut(a.unit(), MAX_UNIT), utc(a.acknowledgedAt()),
                cut(a.acknowledgedBy(), MAX_USER), cut(a.comment(), MAX_COMMENT),
                shelf == null ? null : utc(shelf.since()), shelf == null ? null : utc(shelf.until()),
                shelf == null ? null : cut(shelf.user(), MAX_USER),
                shelf == null ? null : cut(shelf.reason(), MAX_COMMENT), a.priority().name());
    }

    /** A time as the columns take it (UTC); null for null. */
    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    /**
     * Text cut to its column's size, a NUL put as U+FFFD: PostgreSQL keeps no NUL in text and
     * refuses the whole row ("invalid byte sequence"), which held every meter's writes behind it.
     * The edges refuse control characters already; this is for any that gets past them.
     */
    static String cut(String s, int max) {
        String kept = s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
        return kept.length() <= max ? kept : kept.substring(0, max);
    }

    /** Writes what waits, while the database takes it (at most a few seconds). */
    @Override
    public void close() {
        writer.close();
        serviceWriter.close();
        conditionWriter.close();
        if (copy != null) {
            if (writer.waiting() + serviceWriter.waiting() + conditionWriter.waiting() > 0) {
                // the database away: the copy holds what it has not taken, and the next start goes on from it
                copy.aheadOfTheDatabase();
            } else {
                copy.inLineWithTheDatabase();
            }
            copy.close();
        }
    }
}
