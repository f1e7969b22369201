package io.meterreader.camera;

import java.time.Duration;

/**
 * Whether a stream's key frames come often enough to read key frames only: at least once per
 * read interval, with half an interval's margin for jitter, measured as the stream plays. Until
 * two key frames have been seen every frame is decoded: switching from key frames only to every
 * frame mid-stream would leave the decoder without references.
 */
final class KeyFrameSpacing {

    private final long limitMicros;
    private long lastKey = Long.MIN_VALUE;
    private long spacing = -1;

    KeyFrameSpacing(Duration readInterval) {
        this.limitMicros = readInterval.toNanos() / 1000 * 3 / 2;
    }

    /** A new connection: nothing known. */
    void reset() {
        lastKey = Long.MIN_VALUE;
        spacing = -1;
    }

    /** A key frame with this stream timestamp came. */
    void keyFrameAt(long timestampMicros) {
        if (lastKey != Long.MIN_VALUE && timestampMicros > lastKey) {
            spacing = timestampMicros - lastKey;
        }
        lastKey = timestampMicros;
    }

    /** Whether the last two key frames came within the limit. */
    boolean oftenEnough() {
        return spacing > 0 && spacing <= limitMicros;
    }

    /**
     * As {@link #oftenEnough()}, and the last one no longer ago than the limit at stream time
     * {@code nowMicros}: a camera whose key frames stopped has its frames decoded again.
     */
    boolean oftenEnough(long nowMicros) {
        return oftenEnough() && nowMicros - lastKey <= limitMicros;
    }
}
