package io.meterreader.frame;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An operator's shelving of a meter's alarm (ISA-18.2, OPC UA Part 9's ShelvingState): the alarm
 * goes on following the meter, and stays on the list, but is taken out of what calls for
 * attention (the unacknowledged count, the alerts) until the shelf ends. A timed shelf ends at
 * {@link #until}; a one-shot shelf when the alarm clears. Shelving belongs to the meter, not to one
 * raising of its alarm: an alarm raised again while its meter is shelved is shelved too.
 *
 * @param since  when it was shelved
 * @param until  when a timed shelf ends; null for one-shot (ends when the alarm clears)
 * @param user   who shelved it ("" when nobody was named)
 * @param reason why ("" for none)
 */
public record AlarmShelf(Instant since, Instant until, String user, String reason) {

    /**
     * The longest an alarm may be shelved unless the plant says otherwise ({@code alarms.max-shelf-time}):
     * a shelf is for a known nuisance over a shift, not to silence a meter.
     */
    public static final Duration MAX_TIME = Duration.ofHours(24);

    public AlarmShelf {
        Objects.requireNonNull(since, "since");
        user = user == null ? "" : user;
        reason = reason == null ? "" : reason;
        since = StoredTimes.micros(since);
        until = StoredTimes.micros(until);
    }

    /** Until the alarm clears, rather than until a time. */
    public boolean oneShot() {
        return until == null;
    }

    /** A timed shelf whose time has come at {@code now}. */
    public boolean endedAt(Instant now) {
        return until != null && !until.isAfter(now);
    }
}
