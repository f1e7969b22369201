package io.meterreader.frame;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A meter's alarm as an alarm list shows it (ISA-18.2): raised when the meter's readings go
 * beyond a limit, cleared when they come back, and acknowledged by an operator. It stays on the
 * list ({@link #retained()}) while it is active or not yet acknowledged.
 *
 * @param meterId        the meter
 * @param state          the meter's alarm state now: LOW or HIGH while active, NONE once cleared
 * @param limit          the limit it went beyond (LOW or HIGH), also once cleared
 * @param acknowledged   whether an operator has acknowledged it since it went active
 * @param raised         the capture time of the reading it went active at
 * @param changed        when it last changed: the capture time of the reading that raised, moved
 *                       or cleared it, or the moment it was acknowledged
 * @param value          the value read at its last change of state
 * @param unit           that value's unit
 * @param acknowledgedAt when it was acknowledged; null while it is not
 * @param acknowledgedBy who acknowledged it ("" when nobody was named)
 * @param comment        the operator's comment, "" for none
 * @param shelf          the meter's shelving while its alarm is shelved; null while it is not
 * @param priority       how urgently it calls for an operator, as its meter's calibration had it
 *                       when it was raised (null: HIGH)
 */
public record MeterAlarm(String meterId, AlarmState state, AlarmState limit, boolean acknowledged, Instant raised,
                         Instant changed, double value, String unit, Instant acknowledgedAt, String acknowledgedBy,
                         String comment, AlarmShelf shelf, AlarmPriority priority) {

    /**
     * An alarm active this long is stale (ISA-18.2's example; EEMUA 191 would have a plant keep
     * fewer than 10 such standing alarms).
     */
    public static final Duration STALE = Duration.ofHours(24);

    public MeterAlarm {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(state, "state");
        if (limit == null || limit == AlarmState.NONE) {
            throw new IllegalArgumentException("an alarm's limit is LOW or HIGH, got " + limit);
        }
        unit = unit == null ? "" : unit;
        acknowledgedBy = acknowledgedBy == null ? "" : acknowledgedBy;
        comment = comment == null ? "" : comment;
        priority = priority == null ? AlarmPriority.HIGH : priority;
        raised = StoredTimes.micros(raised);
        changed = StoredTimes.micros(changed);
        acknowledgedAt = StoredTimes.micros(acknowledgedAt);
    }

    /** Beyond its limit now. */
    public boolean active() {
        return state != AlarmState.NONE;
    }

    /** On the alarm list: active, or not yet acknowledged. */
    public boolean retained() {
        return active() || !acknowledged;
    }

    /** Shelved by an operator: on the list (while retained) but not calling for attention. */
    public boolean shelved() {
        return shelf != null;
    }

    /** On the list: retained, or shelved (until its shelf ends, so that the shelving can be seen). */
    public boolean listed() {
        return retained() || shelved();
    }

    /** Active since {@link #STALE} or more before {@code now}. */
    public boolean stale(Instant now) {
        return active() && !raised.plus(STALE).isAfter(now);
    }

    /** Retained and not shelved: what the unacknowledged count and the alerts look at. */
    public boolean annunciated() {
        return retained() && !shelved();
    }

    /**
     * The alarm as its meter's going out of service leaves it (ISA-18.2): back to normal, off the
     * list without an operator's acknowledgement (acknowledged, its acknowledgement's time and
     * user as they were: none where there was none), unshelved, as of {@code changed}.
     */
    public MeterAlarm takenOutOfService(Instant changed) {
        return new MeterAlarm(meterId, AlarmState.NONE, limit, true, raised, changed, value, unit, acknowledgedAt,
                acknowledgedBy, comment, null, priority);
    }

    /** The same alarm shelved so, or unshelved ({@code null}), as of {@code changed}. */
    public MeterAlarm withShelf(AlarmShelf shelf, Instant changed) {
        return new MeterAlarm(meterId, state, limit, acknowledged, raised, changed, value, unit, acknowledgedAt,
                acknowledgedBy, comment, shelf, priority);
    }
}
