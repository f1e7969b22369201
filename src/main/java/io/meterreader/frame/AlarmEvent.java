package io.meterreader.frame;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the alarm journal (ISA-18.2's alarm history, what an audit asks for): something
 * that happened to a meter's alarm, when, and who did it.
 *
 * @param time    the capture time of the reading that raised or cleared it; the moment of an
 *                operator's action or of a shelf's end
 * @param meterId the meter
 * @param kind    what happened
 * @param state   the alarm's state after it (LOW, HIGH, or NONE once cleared)
 * @param limit   the limit the alarm is about (LOW or HIGH; NONE for a meter taken out of, or put
 *                back in, service without an alarm)
 * @param value   for a raise or a clear, the value read that made it; for an operator's action
 *                (acknowledged, commented, shelved, unshelved) or a shelf's end, the meter's latest
 *                value then; null for none (a meter taken out of service, or put back)
 * @param unit    that value's unit
 * @param user    who did it ("" for the service itself, or nobody named)
 * @param via     the edge it came in by ({@link Via#SERVICE} for the service's own); null for an
 *                entry journalled before the journal kept it
 * @param text    the comment of an acknowledgement, the reason of a shelving, "" for none
 * @param until   when a timed shelf ends (SHELVED only; null otherwise and for one-shot)
 */
public record AlarmEvent(Instant time, String meterId, Kind kind, AlarmState state, AlarmState limit, Double value,
                         String unit, String user, Via via, String text, Instant until) {

    /** What happened to the alarm. */
    public enum Kind {
        /** Beyond a limit: a new alarm, unacknowledged (also at the other limit). */
        RAISED,
        /** Back within the limits, or beyond the other limit (then followed by that limit's RAISED). */
        CLEARED,
        ACKNOWLEDGED,
        /** An operator's comment on it (OPC UA's AddComment, or the API), the alarm unchanged. */
        COMMENTED,
        SHELVED,
        /**
         * Its shelf ended: by an operator, or by itself (user "", the text saying why: its time
         * came, or a one-shot alarm cleared).
         */
        UNSHELVED,
        /**
         * The meter was taken out of service (ISA-18.2): its alarm, if it had one on the list, left
         * it without an acknowledgement, and none is raised until it is back in service.
         */
        OUT_OF_SERVICE,
        /** The meter was put back in service: read, and alarmed, afresh. */
        BACK_IN_SERVICE,
        /** A SCADA disabled the meter's OPC UA condition (its events to clients stop; the alarm list is as it was). */
        DISABLED,
        /** A SCADA enabled the meter's OPC UA condition again. */
        ENABLED
    }

    public AlarmEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(kind, "kind");
        unit = unit == null ? "" : unit;
        user = user == null ? "" : user;
        text = text == null ? "" : text;
        time = StoredTimes.micros(time);
        until = StoredTimes.micros(until);
    }

    /** What happened to {@code alarm} (as it is after it), at {@code time}. */
    public static AlarmEvent of(Kind kind, Instant time, MeterAlarm alarm, String user, Via via, String text,
                                Instant until) {
        return new AlarmEvent(time, alarm.meterId(), kind, alarm.state(), alarm.limit(), alarm.value(), alarm.unit(),
                user, via, text, until);
    }

    /**
     * The meter taken out of service, or put back ({@code kind}), at {@code time}; {@code alarm}
     * the alarm it had on the list then (null: none).
     */
    public static AlarmEvent ofService(Kind kind, Instant time, String meterId, MeterAlarm alarm, String user,
                                       Via via, String text) {
        return new AlarmEvent(time, meterId, kind, AlarmState.NONE, alarm == null ? AlarmState.NONE : alarm.limit(),
                null, alarm == null ? "" : alarm.unit(), user, via, text, null);
    }
}
