package io.meterreader.store;

import io.meterreader.frame.ConditionDisabled;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A copy, in a local file, of what the alarm store keeps in the database: the alarm list, the
 * meters out of service and the OPC UA conditions disabled. A service started while its database
 * is away reads them back from here, so that a meter taken out of service stays out (its readings
 * stored as OUT_OF_SERVICE, not OK), and an alarm that was active stays the same alarm, neither
 * raised again in the journal nor counted twice in the statistics. The database stays what is
 * kept: the file follows every change, in a thread of its own, replaced whole each time.
 */
public final class AlarmStateFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlarmStateFile.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The file's content.
     *
     * @param ahead whether it holds changes the database had not taken when the service stopped
     *              (it was away): the next start goes on from it, whether the database answers or
     *              not; absent (a copy written before 2026-12-07) is false
     */
    record State(List<MeterAlarm> alarms, Map<String, OutOfService> outOfService,
                 Map<String, ConditionDisabled> disabled, Boolean ahead) {

        State {
            ahead = Boolean.TRUE.equals(ahead);
            alarms = alarms == null ? List.of() : List.copyOf(alarms);
            outOfService = outOfService == null ? Map.of() : Map.copyOf(outOfService);
            disabled = disabled == null ? Map.of() : Map.copyOf(disabled);
        }
    }

    private final Path file;
    private final Map<String, MeterAlarm> alarms = new TreeMap<>();
    private final Map<String, OutOfService> outOfService = new TreeMap<>();
    private final Map<String, ConditionDisabled> disabled = new TreeMap<>();
    private final Thread writer;
    private boolean dirty;
    private boolean closed;
    private boolean failing;
    /** Whether the copy holds changes the database has not taken (said at a stop). */
    private boolean ahead;

    /** The copy in {@code file}: what it holds is read back by {@link #read}. */
    public AlarmStateFile(Path file) {
        this.file = file;
        this.writer = new Thread(this::run, "alarm-state-file");
        writer.setDaemon(true);
        writer.start();
    }

    /** Where it is. */
    public Path file() {
        return file;
    }

    /** What the file holds (the copy from here on starts with it); null when there is none or it is unreadable. */
    public synchronized State read() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            State state = JSON.readValue(file.toFile(), State.class);
            state.alarms().forEach(a -> alarms.put(a.meterId(), a));
            outOfService.putAll(state.outOfService());
            disabled.putAll(state.disabled());
            return state;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            // kept for a person to look at: the next change would overwrite it
            Path aside = LocalFiles.moveAside(file);
            log.warn("The copy of the alarm list in {} could not be read ({}): not used{}", file, e.getMessage(),
                    aside == null ? "" : "; the file is moved to " + aside);
            return null;
        }
    }

    /** What the copy holds now. */
    public synchronized State current() {
        return new State(List.copyOf(alarms.values()), outOfService, disabled, ahead);
    }

    /**
     * Says that the copy holds changes the database has not taken, the service stopping while it
     * is away: a meter taken out of service meanwhile was in service again after a restart that
     * found the database back, the database's older rows taken over the copy.
     */
    public synchronized void aheadOfTheDatabase() {
        ahead = true;
        changed();
    }

    /** Says that the database took every change (a stop with nothing waiting): it is the record again. */
    public synchronized void inLineWithTheDatabase() {
        ahead = false;
        changed();
    }

    /** The alarms as the database has them at the start: the copy starts with them. */
    public synchronized void alarmsKept(List<MeterAlarm> kept) {
        alarms.clear();
        kept.forEach(a -> alarms.put(a.meterId(), a));
        changed();
    }

    /** The meters out of service as the database has them at the start. */
    public synchronized void outOfServiceKept(Map<String, OutOfService> kept) {
        outOfService.clear();
        outOfService.putAll(kept);
        changed();
    }

    /** The disabled conditions as the database has them at the start. */
    public synchronized void disabledKept(Map<String, ConditionDisabled> kept) {
        disabled.clear();
        disabled.putAll(kept);
        changed();
    }

    /** The meter's alarm as it is now (one no longer on the list: none). */
    public synchronized void alarm(String meterId, MeterAlarm alarm) {
        keep(alarms, meterId, alarm == null || !alarm.listed() ? null : alarm);
    }

    /** The meter out of service so (null: in service). */
    public synchronized void outOfService(String meterId, OutOfService o) {
        keep(outOfService, meterId, o);
    }

    /** The meter's condition disabled so (null: enabled). */
    public synchronized void disabled(String meterId, ConditionDisabled d) {
        keep(disabled, meterId, d);
    }

    /** The meter's entry of one part as {@code value} (null: none), to be written. */
    private <V> void keep(Map<String, V> part, String meterId, V value) {
        if (value == null) {
            part.remove(meterId);
        } else {
            part.put(meterId, value);
        }
        changed();
    }

    private void changed() {
        dirty = true;
        notifyAll();
    }

    private void run() {
        while (true) {
            State state;
            synchronized (this) {
                while (!dirty && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!dirty) {
                    return;
                }
                dirty = false;
                state = current();
            }
            write(state);
        }
    }

    /** Writes the file whole ({@link LocalFiles#replace}), so that a stop midway leaves the last one. */
    private void write(State state) {
        try {
            LocalFiles.replace(file, out -> JSON.writeValue(out, state));
            if (failing) {
                log.info("The copy of the alarm list is written to {} again", file);
                failing = false;
            }
        } catch (IOException | JacksonException e) {
            if (!failing) {
                // once, until it works again: the database is still what is kept
                log.warn("The copy of the alarm list could not be written to {} ({}): a start while the database "
                        + "is away would not find it", file, e.getMessage());
                failing = true;
            }
        }
    }

    /** Writes what changed last, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
