package io.meterreader.pipeline;

import static io.meterreader.frame.AlarmActions.oneLine;

import io.meterreader.frame.AlarmActions;
import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.ConditionDisabled;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ServiceActions;
import io.meterreader.frame.Via;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's alarm list (ISA-18.2): each meter's alarm from the moment its readings go beyond
 * a limit until it has both cleared and been acknowledged, whichever edge the acknowledgement
 * came in by (the REST API and the dashboard, or an OPC UA client's Acknowledge). Every change
 * goes to the listeners (the OPC UA conditions), in order, after the list has taken it.
 *
 * <p>It follows the readings' alarm state, which already holds the calibration's deadband and
 * delays: a reading with a value whose state differs from the alarm's raises it (from NONE, or
 * at the other limit: a new alarm, unacknowledged, journalled as the first one's clear and the
 * new one's raise), or clears it (back to NONE). A failed
 * reading has no alarm state of its own and changes nothing. A meter's first reading raises
 * an alarm only if it is in one. The list is kept in the reading store ({@link #restore} at start):
 * a meter whose alarm was on it before a restart and is still beyond its limit after it keeps
 * its alarm, acknowledged or not; one back within its limits by then has it cleared.
 *
 * <p>An operator may shelve a meter's alarm ({@link #shelve}): for a time (at most
 * {@link #maxShelfTime}, 24 h unless the plant says otherwise), or once, until it clears. A
 * shelved alarm goes on following its meter and stays listed, but {@link #count} leaves it out
 * (the alerts look at that) until the shelf ends: at its time ({@link #endShelves}, which the
 * service calls every second), when a one-shot alarm clears, or when someone unshelves it.
 *
 * <p>An operator may take a meter out of service ({@link #takeOutOfService}: ISA-18.2's
 * out-of-service state, for a gauge away for maintenance): its alarm, if on the list, leaves it
 * without an acknowledgement (the listeners see it cleared and acknowledged), its readings (which
 * then say OUT_OF_SERVICE) change nothing, and it cannot be shelved, until it is put back in
 * service ({@link #putBackInService}); from then on it is alarmed afresh, as if it had just started.
 */
public final class AlarmList implements Consumer<Reading> {

    private static final Logger log = LoggerFactory.getLogger(AlarmList.class);

    private final Clock clock;
    /** Each meter's latest alarm, retained or not (its last state); guarded by this. */
    private final Map<String, MeterAlarm> alarms = new HashMap<>();
    private final List<Consumer<MeterAlarm>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<AlarmEvent>> journals = new CopyOnWriteArrayList<>();
    /**
     * Each meter's latest value with the unit it was read in, for the journal's entry of an
     * operator's action; guarded by this. The unit with it: an alarm raised before its meter's unit
     * was changed has the old one (the live-edit audit journalled 21.6 kPa as "21.6 bar").
     */
    private final Map<String, ValueIn> latestValues = new HashMap<>();

    /** A value and the unit it was read in. */
    private record ValueIn(Double value, String unit) {
    }
    /** The meters out of service; guarded by this. */
    private final Map<String, OutOfService> outOfService = new HashMap<>();
    /** When each meter was last put back in service; guarded by this. */
    private final Map<String, Instant> backInService = new HashMap<>();
    /** Meters taken out of service or put back since the start: what is read back late does not undo it. */
    private final Set<String> serviceChanged = new HashSet<>();
    private final List<BiConsumer<String, OutOfService>> serviceListeners = new CopyOnWriteArrayList<>();
    /** The meters whose OPC UA condition a client disabled, and since when, by whom. */
    private final Map<String, ConditionDisabled> disabledConditions = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, ConditionDisabled>> conditionListeners = new CopyOnWriteArrayList<>();
    /** Meters whose condition a client enabled or disabled since the start; guarded by this. */
    private final Set<String> conditionChanged = new HashSet<>();
    /** Why a shelf ended by itself, as the journal says it. */
    static final String TIME_ENDED = "its time came";
    /** The text of the journal's entries made when a meter's calibration is removed. */
    static final String CALIBRATION_REMOVED = "its calibration was removed";
    static final String ONE_SHOT_ENDED = "one-shot: the alarm cleared";
    static final String TAKEN_OUT = "the meter was taken out of service";

    /** Each meter's alarm priority: none given, HIGH. */
    private final Function<String, AlarmPriority> priorities;
    private final Duration maxShelfTime;

    public AlarmList(Clock clock) {
        this(clock, meterId -> AlarmPriority.HIGH);
    }

    /** @param priorities each meter's alarm priority now (its calibration's), which an alarm takes as it is raised */
    public AlarmList(Clock clock, Function<String, AlarmPriority> priorities) {
        this(clock, priorities, AlarmShelf.MAX_TIME);
    }

    /** @param maxShelfTime the longest an alarm may be shelved for */
    public AlarmList(Clock clock, Function<String, AlarmPriority> priorities, Duration maxShelfTime) {
        this.clock = clock;
        this.priorities = priorities;
        this.maxShelfTime = maxShelfTime;
    }

    /** The longest a shelf may last. */
    public Duration maxShelfTime() {
        return maxShelfTime;
    }

    /** Tells {@code listener} of every change from now on. */
    public void addListener(Consumer<MeterAlarm> listener) {
        listeners.add(listener);
    }

    /**
     * Tells {@code journal} what happens to each alarm from now on (the alarm journal), each
     * change as it is made: raised, cleared, acknowledged, shelved, unshelved. A restore is not.
     */
    public void addJournal(Consumer<AlarmEvent> journal) {
        journals.add(journal);
    }

    /**
     * Tells {@code listener} of every meter taken out of service from now on (with its
     * {@link OutOfService}), and of every one put back (with null).
     */
    public void addServiceListener(BiConsumer<String, OutOfService> listener) {
        serviceListeners.add(listener);
    }

    /**
     * The operator's actions as they come in by {@code via}: each edge (the API, MQTT, Sparkplug,
     * OPC UA) is given its own, so that the journal says which edge every action came by, and an
     * edge cannot act as another.
     */
    public Edge via(Via via) {
        if (via == null || via == Via.SERVICE) {
            throw new IllegalArgumentException("an operator's actions come in by an edge, not " + via);
        }
        return new Edge(via);
    }

    /** The alarm list's actions, journalled as come in by one edge ({@link #via}). */
    public final class Edge implements AlarmActions, ServiceActions {

        private final Via via;

        private Edge(Via via) {
            this.via = via;
        }

        /** The edge these actions are journalled as come in by. */
        public Via via() {
            return via;
        }

        @Override
        public MeterAlarm acknowledge(String meterId, String user, String comment) {
            return AlarmList.this.acknowledge(meterId, via, user, comment);
        }

        @Override
        public void comment(String meterId, String user, String comment) {
            AlarmList.this.comment(meterId, via, user, comment);
        }

        @Override
        public void conditionEnabled(String meterId, boolean enabled, String user) {
            AlarmList.this.conditionEnabled(meterId, enabled, via, user);
        }

        @Override
        public MeterAlarm shelve(String meterId, Duration duration, String user, String reason) {
            return AlarmList.this.shelve(meterId, duration, via, user, reason);
        }

        @Override
        public MeterAlarm unshelve(String meterId, String user) {
            return AlarmList.this.unshelve(meterId, via, user);
        }

        @Override
        public OutOfService takeOutOfService(String meterId, String user, String reason) {
            return AlarmList.this.takeOutOfService(meterId, via, user, reason);
        }

        @Override
        public OutOfService putBackInService(String meterId, String user) {
            return AlarmList.this.putBackInService(meterId, via, user);
        }

        @Override
        public boolean conditionDisabled(String meterId) {
            return AlarmList.this.conditionDisabled(meterId);
        }

        @Override
        public Duration maxShelfTime() {
            return maxShelfTime;
        }
    }

    @Override
    public void accept(Reading reading) {
        if (!reading.isOk()) {
            return;
        }
        MeterAlarm changed;
        synchronized (this) {
            if (outOfService.containsKey(reading.meterId())) {
                // read before it was taken out, and come after
                return;
            }
            latestValues.put(reading.meterId(), new ValueIn(reading.value(), reading.unit()));
            MeterAlarm before = alarms.get(reading.meterId());
            AlarmState now = reading.alarm();
            if (before == null ? now == AlarmState.NONE : before.state() == now) {
                return;
            }
            // shelving belongs to the meter: an alarm raised again while it is shelved is shelved too
            AlarmShelf shelf = before == null ? null : before.shelf();
            if (shelf != null && shelf.endedAt(reading.captureTime())) {
                shelf = null;
            }
            if (now != AlarmState.NONE) {
                changed = new MeterAlarm(reading.meterId(), now, now, false, reading.captureTime(),
                        reading.captureTime(), reading.value(), reading.unit(), null, "", "", shelf,
                        priorities.apply(reading.meterId()));
            } else {
                changed = new MeterAlarm(before.meterId(), AlarmState.NONE, before.limit(), before.acknowledged(),
                        before.raised(), reading.captureTime(), reading.value(), reading.unit(),
                        before.acknowledgedAt(), before.acknowledgedBy(), before.comment(),
                        shelf == null || shelf.oneShot() ? null : shelf, before.priority());
            }
            alarms.put(reading.meterId(), changed);
            tell(changed);
            if (before != null && before.active() && now != AlarmState.NONE) {
                // at the other limit: the alarm at the first limit returned from it, as a DCS journals it
                record(new AlarmEvent(reading.captureTime(), before.meterId(), AlarmEvent.Kind.CLEARED,
                        AlarmState.NONE, before.limit(), reading.value(), reading.unit(), "", Via.SERVICE, "", null));
            }
            record(AlarmEvent.of(now != AlarmState.NONE ? AlarmEvent.Kind.RAISED : AlarmEvent.Kind.CLEARED,
                    reading.captureTime(), changed, "", Via.SERVICE, "", null));
            if (before != null && before.shelved() && !changed.shelved()) {
                // its time came before the timer looked, or a one-shot shelf ended with the clear
                record(AlarmEvent.of(AlarmEvent.Kind.UNSHELVED, reading.captureTime(), changed, "", Via.SERVICE,
                        before.shelf().oneShot() ? ONE_SHOT_ENDED : TIME_ENDED, null));
            }
        }
    }

    private MeterAlarm acknowledge(String meterId, Via via, String user, String comment) {
        MeterAlarm acked;
        synchronized (this) {
            MeterAlarm alarm = alarms.get(meterId);
            if (alarm == null || !alarm.retained()) {
                throw new NoSuchElementException(meterId + " has no alarm on the list");
            }
            if (alarm.acknowledged()) {
                throw new IllegalStateException(meterId + "'s alarm is already acknowledged (by "
                        + (alarm.acknowledgedBy().isEmpty() ? "someone unnamed" : alarm.acknowledgedBy()) + " at "
                        + moment(alarm.acknowledgedAt()) + ")");
            }
            acked = new MeterAlarm(meterId, alarm.state(), alarm.limit(), true, alarm.raised(), clock.instant(),
                    alarm.value(), alarm.unit(), clock.instant(), user, comment, alarm.shelf(), alarm.priority());
            alarms.put(meterId, acked);
            tell(acked);
            record(action(AlarmEvent.Kind.ACKNOWLEDGED, acked.acknowledgedAt(), acked, user, via, comment, null));
        }
        log.info("Alarm {} {} of {} acknowledged by {}{}", acked.limit(), acked.active() ? "(active)" : "(cleared)",
                meterId, who(acked.acknowledgedBy(), via),
                acked.comment().isEmpty() ? "" : ": " + oneLine(acked.comment()));
        return acked;
    }

    private void comment(String meterId, Via via, String user, String comment) {
        synchronized (this) {
            MeterAlarm alarm = alarms.get(meterId);
            if (alarm == null) {
                throw new NoSuchElementException(meterId + " has no alarm to comment on (none raised since the service "
                        + "started, or since it was put back in service)");
            }
            record(action(AlarmEvent.Kind.COMMENTED, clock.instant(), alarm, user, via, comment, null));
        }
        log.info("Alarm of {}: {} commented: {}", meterId, who(user, via),
                oneLine(comment));
    }

    private void conditionEnabled(String meterId, boolean enabled, Via via, String user) {
        AlarmEvent.Kind kind = enabled ? AlarmEvent.Kind.ENABLED : AlarmEvent.Kind.DISABLED;
        ConditionDisabled disabled;
        synchronized (this) {
            MeterAlarm alarm = alarms.get(meterId);
            Instant now = clock.instant();
            ValueIn latest = latestValues.getOrDefault(meterId, new ValueIn(null, ""));
            record(alarm != null ? action(kind, now, alarm, user, via, "", null) : new AlarmEvent(now, meterId, kind,
                    AlarmState.NONE, AlarmState.NONE, latest.value(), latest.unit(), user, via, "", null));
            disabled = enabled ? null : new ConditionDisabled(now, user);
            conditionChanged.add(meterId);
            if (disabled == null) {
                disabledConditions.remove(meterId);
            } else {
                disabledConditions.put(meterId, disabled);
            }
        }
        for (BiConsumer<String, ConditionDisabled> listener : conditionListeners) {
            try {
                listener.accept(meterId, disabled);
            } catch (RuntimeException e) {
                log.warn("A listener failed on {}'s condition {}: {}", meterId, enabled ? "enabled" : "disabled",
                        e.toString());
            }
        }
        log.info("Alarm condition of {} {} by {}", meterId, enabled ? "enabled" : "disabled", who(user, via));
    }

    /**
     * Shelves the meter's alarm: for {@code duration}, or, where that is null, once (until the
     * alarm, active now, clears). A shelved alarm may be shelved again (the new shelf replaces
     * the old one).
     *
     * @param user   who shelves it ("" for nobody named)
     * @param reason why ("" for none)
     * @return the alarm, shelved
     * @throws NoSuchElementException   the meter has no alarm (none since the service started or it was put back)
     * @throws IllegalStateException    one-shot, and the alarm is not active; or the meter is out of service
     * @throws IllegalArgumentException a duration not above zero, or above {@link #maxShelfTime}
     */
    private MeterAlarm shelve(String meterId, Duration duration, Via via, String user, String reason) {
        if (duration != null && (duration.isNegative() || duration.isZero()
                || duration.compareTo(maxShelfTime) > 0)) {
            throw new IllegalArgumentException("an alarm is shelved for more than nothing and at most "
                    + words(maxShelfTime) + ", got " + duration);
        }
        MeterAlarm shelved;
        synchronized (this) {
            if (outOfService.containsKey(meterId)) {
                throw new IllegalStateException(meterId + " is out of service: it has no alarm to shelve until it is"
                        + " put back in service");
            }
            MeterAlarm alarm = alarms.get(meterId);
            if (alarm == null) {
                throw new NoSuchElementException(meterId + " has no alarm to shelve (none raised since the service "
                        + "started, or since it was put back in service)");
            }
            if (duration == null && !alarm.active()) {
                throw new IllegalStateException(meterId + "'s alarm is not active: shelving it once, until it clears,"
                        + " needs it active (shelve it for a time instead)");
            }
            Instant now = clock.instant();
            shelved = alarm.withShelf(new AlarmShelf(now, duration == null ? null : now.plus(duration), user, reason),
                    now);
            alarms.put(meterId, shelved);
            tell(shelved);
            record(action(AlarmEvent.Kind.SHELVED, now, shelved, user, via, reason, shelved.shelf().until()));
        }
        log.info("Alarm of {} shelved {} by {}{}", meterId, shelved.shelf().oneShot() ? "until it clears"
                : "until " + moment(shelved.shelf().until()), who(shelved.shelf().user(), via),
                reason.isEmpty() ? "" : ": " + oneLine(reason));
        return shelved;
    }

    /** Who did it, as a log line says it: "ann (MQTT)", "someone unnamed (OPC UA)". */
    private static String who(String user, Via via) {
        return (user.isEmpty() ? "someone unnamed" : oneLine(user)) + " (" + via.words() + ")";
    }

    /** A time as a person reads it in a message: to the second, 2026-12-07T09:06:46Z. */
    static String moment(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A duration as an operator writes it: 24 h, 90 min, else ISO. */
    static String words(Duration d) {
        return d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toNanosPart() == 0 ? d.toHours() + " h"
                : d.toSecondsPart() == 0 && d.toNanosPart() == 0 ? d.toMinutes() + " min" : d.toString();
    }

    /**
     * Ends the shelving of the meter's alarm now.
     *
     * @return the alarm, unshelved
     * @throws NoSuchElementException the meter has no alarm (none since the service started or it was put back)
     * @throws IllegalStateException  its alarm is not shelved
     */
    private MeterAlarm unshelve(String meterId, Via via, String user) {
        MeterAlarm unshelved;
        synchronized (this) {
            MeterAlarm alarm = alarms.get(meterId);
            if (alarm == null) {
                throw new NoSuchElementException(meterId + " has no alarm to act on (none raised since the service "
                        + "started, or since it was put back in service)");
            }
            if (!alarm.shelved()) {
                throw new IllegalStateException(meterId + "'s alarm is not shelved");
            }
            unshelved = alarm.withShelf(null, clock.instant());
            alarms.put(meterId, unshelved);
            tell(unshelved);
            record(action(AlarmEvent.Kind.UNSHELVED, unshelved.changed(), unshelved, user, via, "", null));
        }
        log.info("Alarm of {} unshelved by {}", meterId, who(user, via));
        return unshelved;
    }

    /**
     * Takes the meter out of service: its alarm, if it has one on the list, leaves it, and none is
     * raised until it is put back.
     *
     * @param user   who does it ("" for nobody named)
     * @param reason why ("" for none)
     * @return the meter's being out of service, from now
     * @throws IllegalStateException it is out of service already
     */
    private OutOfService takeOutOfService(String meterId, Via via, String user, String reason) {
        OutOfService taken;
        MeterAlarm listed;
        synchronized (this) {
            OutOfService already = outOfService.get(meterId);
            if (already != null) {
                throw new IllegalStateException(meterId + " is already out of service (since " + moment(already.since())
                        + (already.user().isEmpty() ? "" : ", by " + already.user()) + ")");
            }
            Instant now = clock.instant();
            taken = new OutOfService(now, user, reason);
            outOfService.put(meterId, taken);
            serviceChanged.add(meterId);
            MeterAlarm alarm = alarms.get(meterId);
            if (alarm != null && alarm.shelved()) {
                // its shelf ends with it, said as every unshelving is (the statistics end it there too)
                record(action(AlarmEvent.Kind.UNSHELVED, now, alarm, user, via, TAKEN_OUT, null));
            }
            alarms.remove(meterId);
            latestValues.remove(meterId);
            listed = alarm != null && alarm.listed() ? alarm : null;
            // the service's listeners first: an OPC UA condition leaving then says why it leaves
            tellService(meterId, taken);
            if (listed != null) {
                tell(listed.takenOutOfService(now));
            }
            record(AlarmEvent.ofService(AlarmEvent.Kind.OUT_OF_SERVICE, now, meterId, listed, user, via, reason));
        }
        log.info("Meter {} taken out of service by {}{}{}", meterId, who(user, via),
                reason.isEmpty() ? "" : ": " + oneLine(reason), listed == null ? ""
                        : " (its " + listed.limit() + " alarm, " + (listed.active() ? "active" : "cleared") + ", "
                        + (listed.acknowledged() ? "acknowledged" : "unacknowledged") + ", left the list)");
        return taken;
    }

    /**
     * Puts the meter back in service: read and alarmed afresh from its next reading.
     *
     * @param user who does it ("" for nobody named)
     * @return how it had been out of service
     * @throws IllegalStateException it is not out of service
     */
    private OutOfService putBackInService(String meterId, Via via, String user) {
        OutOfService was;
        synchronized (this) {
            was = outOfService.remove(meterId);
            if (was == null) {
                throw new IllegalStateException(meterId + " is not out of service");
            }
            serviceChanged.add(meterId);
            tellService(meterId, null);
            Instant now = clock.instant();
            backInService.put(meterId, now);
            record(AlarmEvent.ofService(AlarmEvent.Kind.BACK_IN_SERVICE, now, meterId, null, user, via, ""));
        }
        log.info("Meter {} put back in service by {} (out since {})", meterId, who(user, via), was.since());
        return was;
    }

    /** The meter's being out of service; empty while it is in service. */
    public synchronized Optional<OutOfService> outOfService(String meterId) {
        return Optional.ofNullable(outOfService.get(meterId));
    }

    /** Whether the meter is out of service now. */
    public synchronized boolean isOutOfService(String meterId) {
        return outOfService.containsKey(meterId);
    }

    /**
     * Whether the meter was out of service when a frame captured at {@code captureTime} was
     * taken: taken out at or before it and not put back since, or put back only after it. A frame
     * is read some 100 ms after its capture: one taken just before the meter was put back, read
     * just after, raised an alarm that the journal then had before the put-back.
     */
    public synchronized boolean wasOutOfServiceAt(String meterId, Instant captureTime) {
        OutOfService out = outOfService.get(meterId);
        if (out != null) {
            return !captureTime.isBefore(out.since());
        }
        Instant back = backInService.get(meterId);
        return back != null && captureTime.isBefore(back);
    }

    /** How many meters are out of service. */
    public synchronized int countOutOfService() {
        return outOfService.size();
    }

    /** Whether a client disabled the meter's OPC UA condition (it stays so until one enables it). */
    public boolean conditionDisabled(String meterId) {
        return disabledConditions.containsKey(meterId);
    }

    /** The meters whose OPC UA condition is disabled now: since when, by whom. */
    public Map<String, ConditionDisabled> disabledConditions() {
        return Map.copyOf(disabledConditions);
    }

    /** Told of each condition disabled (its meter and since when, by whom) or enabled (null), after the fact. */
    public void addConditionListener(BiConsumer<String, ConditionDisabled> listener) {
        conditionListeners.add(listener);
    }

    /** The conditions disabled when the service stopped: disabled again, before any OPC UA client comes. */
    public void restoreDisabledConditions(Map<String, ConditionDisabled> kept) {
        disabledConditions.putAll(kept);
    }

    /**
     * The conditions disabled when the service stopped, read back after the start (the database
     * came late): each that no client enabled or disabled meanwhile is disabled again.
     *
     * @return the meters whose condition is disabled again
     */
    public synchronized List<String> resumeDisabledConditions(Map<String, ConditionDisabled> kept) {
        List<String> resumed = new ArrayList<>();
        kept.forEach((meterId, disabled) -> {
            if (!conditionChanged.contains(meterId) && disabledConditions.putIfAbsent(meterId, disabled) == null) {
                resumed.add(meterId);
            }
        });
        return resumed;
    }

    /**
     * The meters out of service when the service stopped, read back after the start (the database
     * came late): each one nobody took out of service or put back meanwhile is out of service again,
     * its alarm leaving the list as when it was taken out, and the listeners are told, as the
     * readings and alarms they were told meanwhile need.
     *
     * @return the meters out of service again
     */
    public List<String> resumeOutOfService(Map<String, OutOfService> kept) {
        List<String> resumed = new ArrayList<>();
        synchronized (this) {
            kept.forEach((meterId, o) -> {
                if (outOfService.containsKey(meterId) || serviceChanged.contains(meterId)) {
                    return;
                }
                outOfService.put(meterId, o);
                MeterAlarm alarm = alarms.remove(meterId);
                latestValues.remove(meterId);
                tellService(meterId, o);
                if (alarm != null && alarm.listed()) {
                    tell(alarm.takenOutOfService(clock.instant()));
                }
                resumed.add(meterId);
            });
        }
        return resumed;
    }

    /**
     * The meters that were out of service when the service last stopped, put back before the
     * first reading and before {@link #restore} (which then leaves out their alarms).
     */
    public void restoreOutOfService(Map<String, OutOfService> kept) {
        synchronized (this) {
            kept.forEach((meterId, o) -> {
                if (outOfService.putIfAbsent(meterId, o) == null) {
                    alarms.remove(meterId);
                }
            });
        }
    }

    /** Ends every timed shelf whose time has come (the listeners told of each); how many ended. */
    public int endShelves() {
        int ended = 0;
        synchronized (this) {
            Instant now = clock.instant();
            for (MeterAlarm alarm : List.copyOf(alarms.values())) {
                if (alarm.shelved() && alarm.shelf().endedAt(now)) {
                    MeterAlarm unshelved = alarm.withShelf(null, now);
                    alarms.put(alarm.meterId(), unshelved);
                    tell(unshelved);
                    record(action(AlarmEvent.Kind.UNSHELVED, now, unshelved, "", Via.SERVICE, TIME_ENDED, null));
                    log.info("Alarm of {}: its shelf ended", alarm.meterId());
                    ended++;
                }
            }
        }
        return ended;
    }

    /** The listeners, under the lock so that each hears the changes in the order they were made. */
    private void tell(MeterAlarm alarm) {
        for (Consumer<MeterAlarm> listener : listeners) {
            try {
                listener.accept(alarm);
            } catch (RuntimeException e) {
                log.warn("An alarm listener failed on {}'s alarm: {}", alarm.meterId(), e.toString());
            }
        }
    }

    /** The service listeners, under the lock, as {@link #tell} does the alarm listeners. */
    private void tellService(String meterId, OutOfService o) {
        for (BiConsumer<String, OutOfService> listener : serviceListeners) {
            try {
                listener.accept(meterId, o);
            } catch (RuntimeException e) {
                log.warn("A listener failed on {} {}: {}", meterId, o == null ? "put back in service"
                        : "taken out of service", e.toString());
            }
        }
    }

    /**
     * The journal's entry of an action on {@code alarm} that no reading made (an operator's, a
     * shelf's end): with the meter's latest value, not the one the alarm last changed at (that
     * where none was read since the start). Under the lock.
     */
    private AlarmEvent action(AlarmEvent.Kind kind, Instant time, MeterAlarm alarm, String user, Via via,
                              String text, Instant until) {
        ValueIn latest = latest(alarm);
        return new AlarmEvent(time, alarm.meterId(), kind, alarm.state(), alarm.limit(), latest.value(),
                latest.unit(), user, via, text, until);
    }

    /** The meter's latest value and its unit, or the alarm's where none was read since the start. Under the lock. */
    private ValueIn latest(MeterAlarm alarm) {
        return latestValues.getOrDefault(alarm.meterId(), new ValueIn(alarm.value(), alarm.unit()));
    }

    /** The journals, under the lock, as {@link #tell} does the listeners. */
    private void record(AlarmEvent event) {
        for (Consumer<AlarmEvent> journal : journals) {
            try {
                journal.accept(event);
            } catch (RuntimeException e) {
                log.warn("The alarm journal failed on {}'s {}: {}", event.meterId(), event.kind(), e.toString());
            }
        }
    }

    /**
     * The alarms that were on the list when the service last stopped, put back before the first
     * reading (the listeners told of each), so that an alarm nobody acknowledged is still there
     * and one acknowledged stays so while its meter is still beyond its limit. The alarm of a meter
     * out of service ({@link #restoreOutOfService}, first) is left out.
     */
    public void restore(List<MeterAlarm> kept) {
        synchronized (this) {
            for (MeterAlarm a : kept) {
                if (a.listed() && !alarms.containsKey(a.meterId()) && !outOfService.containsKey(a.meterId())) {
                    alarms.put(a.meterId(), a);
                    tell(a);
                }
            }
        }
    }

    /** The alarms on the list (active, not yet acknowledged, or shelved), the latest raised first. */
    public synchronized List<MeterAlarm> listed() {
        List<MeterAlarm> out = new ArrayList<>();
        for (MeterAlarm a : alarms.values()) {
            if (a.listed()) {
                out.add(a);
            }
        }
        out.sort(Comparator.comparing(MeterAlarm::raised).reversed().thenComparing(MeterAlarm::meterId));
        return out;
    }

    /** How many alarms on the list, not shelved, are acknowledged ({@code true}) or not. */
    public synchronized int count(boolean acknowledged) {
        int n = 0;
        for (MeterAlarm a : alarms.values()) {
            if (a.annunciated() && a.acknowledged() == acknowledged) {
                n++;
            }
        }
        return n;
    }

    /**
     * How long the alarm on the list (not shelved) that has waited longest for an acknowledgement
     * has waited, in seconds since it was raised; 0 where none waits. Kept over a restart with
     * the list, where a count's "for 15 minutes" started again.
     */
    public synchronized double unacknowledgedFor() {
        Instant now = clock.instant();
        double longest = 0;
        for (MeterAlarm a : alarms.values()) {
            if (a.annunciated() && !a.acknowledged()) {
                longest = Math.max(longest, Math.max(0, Duration.between(a.raised(), now).toMillis() / 1000.0));
            }
        }
        return longest;
    }

    /** How many alarms on the list, not shelved, have been active {@link MeterAlarm#STALE} or more. */
    public synchronized int countStale() {
        Instant now = clock.instant();
        int n = 0;
        for (MeterAlarm a : alarms.values()) {
            if (a.annunciated() && a.stale(now)) {
                n++;
            }
        }
        return n;
    }

    /** How many meters' alarms are shelved. */
    public synchronized int countShelved() {
        int n = 0;
        for (MeterAlarm a : alarms.values()) {
            if (a.shelved()) {
                n++;
            }
        }
        return n;
    }

    /** The meter's alarm, on the list or not (its last state); empty if it never had one since start. */
    public synchronized Optional<MeterAlarm> get(String meterId) {
        return Optional.ofNullable(alarms.get(meterId));
    }

    /**
     * A meter no longer calibrated: its alarm leaves the list, and it is no longer out of service,
     * without a word to the listeners, who forget it too. The journal and the log say so (an active
     * alarm CLEARED, a meter out of service BACK_IN_SERVICE, each as the service's, {@link
     * #CALIBRATION_REMOVED}): they had said nothing, and a meter whose file was away a while (a
     * deploy, a checkout) came back in service, its last entry still "taken out" (the live-edit audit).
     */
    public void forget(String meterId) {
        MeterAlarm alarm;
        OutOfService out;
        synchronized (this) {
            alarm = alarms.remove(meterId);
            out = outOfService.remove(meterId);
            Instant now = clock.instant();
            if (alarm != null && alarm.active()) {
                ValueIn latest = latest(alarm);
                record(new AlarmEvent(now, meterId, AlarmEvent.Kind.CLEARED, AlarmState.NONE, alarm.limit(),
                        latest.value(), latest.unit(), "", Via.SERVICE, CALIBRATION_REMOVED, null));
            }
            latestValues.remove(meterId);
            if (out != null) {
                record(AlarmEvent.ofService(AlarmEvent.Kind.BACK_IN_SERVICE, now, meterId, null, "", Via.SERVICE,
                        CALIBRATION_REMOVED));
            }
        }
        if (alarm != null && alarm.listed()) {
            log.warn("Alarm of {} ({}) left the list: {}", meterId, alarm.state(), CALIBRATION_REMOVED);
        }
        if (out != null) {
            log.warn("Meter {} is no longer out of service (taken out since {} by {}): {}; calibrated again, it is "
                    + "read and alarmed afresh", meterId, out.since(), out.user().isEmpty() ? "no one named" : out.user(),
                    CALIBRATION_REMOVED);
        }
    }
}
