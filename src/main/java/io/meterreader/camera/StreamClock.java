package io.meterreader.camera;

import java.time.Clock;
import java.time.Instant;

/**
 * Capture times of a live stream's frames from the stream's own timestamps, anchored to this
 * machine's clock by the least-delayed frame: offset = min(arrival - timestamp). Camera clocks and
 * RTCP sender reports are too often wrong to trust directly. Frames that sat in a buffer (after
 * probing, or when the reader falls behind) then show their true age, and a camera clock that
 * drifts is followed by letting the anchor creep up slowly.
 */
final class StreamClock {

    private final Clock clock;
    private long anchorMicros = Long.MIN_VALUE;
    private long anchorSetAt;

    StreamClock(Clock clock) {
        this.clock = clock;
    }

    /** Forgets the anchor (a new connection: the stream's timestamps start again). */
    void reset() {
        anchorMicros = Long.MIN_VALUE;
    }

    /** The capture time of a frame stamped {@code timestampMicros} that arrives now. */
    Instant arrived(long timestampMicros) {
        long arrival = clock.instant().toEpochMilli() * 1000;
        long offset = arrival - timestampMicros;
        if (anchorMicros == Long.MIN_VALUE || offset < anchorMicros) {
            anchorMicros = offset;
            anchorSetAt = arrival;
        } else if (arrival - anchorSetAt > 1_000_000) {
            long creep = (arrival - anchorSetAt) / 1000;
            anchorMicros = Math.min(offset, anchorMicros + creep);
            anchorSetAt = arrival;
        }
        return at(timestampMicros);
    }

    /**
     * The capture time of a frame stamped {@code timestampMicros}, on the anchor as it stands (as
     * {@link #arrived} before the first frame).
     */
    Instant at(long timestampMicros) {
        if (anchorMicros == Long.MIN_VALUE) {
            return arrived(timestampMicros);
        }
        return Instant.EPOCH.plusNanos((timestampMicros + anchorMicros) * 1000);
    }
}
