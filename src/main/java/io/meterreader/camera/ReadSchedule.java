package io.meterreader.camera;

import java.time.Duration;
import java.time.Instant;

/**
 * When a camera's next frame is due. Due times lie on a grid one read interval apart, so a
 * camera is read exactly once per interval on average. The grid sits a little before the
 * frames it expects: key frames one interval apart arrive with some jitter and must not miss
 * their slot. A camera that fell behind (a stall, a slow reconnect) starts a new grid.
 */
final class ReadSchedule {

    private ReadSchedule() {
    }

    static Duration slack(Duration interval) {
        Duration quarter = interval.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(200)) < 0 ? quarter : Duration.ofMillis(200);
    }

    /** The due time after {@code due}, given that the frame returned for it was captured at {@code capture}. */
    static Instant next(Instant due, Instant capture, Duration interval) {
        Instant onGrid = due.equals(Instant.MIN) ? null : due.plus(interval);
        if (onGrid == null || !onGrid.isAfter(capture)) {
            return capture.plus(interval).minus(slack(interval));
        }
        return onGrid;
    }
}
