package io.meterreader.frame;

import java.time.Instant;
import java.util.Objects;

/**
 * A meter taken out of service by an operator (ISA-18.2's out-of-service state, a DCS point's
 * OOS mode): while the gauge is away for maintenance or being replaced, what the camera shows
 * is no process value. Its readings say {@link ReadingStatus#OUT_OF_SERVICE} and carry no
 * value, its alarm leaves the alarm list without being acknowledged, and none is raised, until
 * someone puts it back in service; then it is read, and alarmed, afresh.
 *
 * @param since  when it was taken out of service
 * @param user   who did it ("" when nobody was named)
 * @param reason why ("" for none)
 */
public record OutOfService(Instant since, String user, String reason) {

    public OutOfService {
        Objects.requireNonNull(since, "since");
        since = StoredTimes.micros(since);
        user = user == null ? "" : user;
        reason = reason == null ? "" : reason;
    }
}
