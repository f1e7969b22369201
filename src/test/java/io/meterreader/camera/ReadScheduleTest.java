package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadScheduleTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void firstFrame_startsGridOneIntervalLessSlackLater() {
        assertThat(ReadSchedule.next(Instant.MIN, T, SECOND)).isEqualTo(T.plusMillis(800));
    }

    @Test
    void jitteryKeyFrames_stayOnGrid() {
        Instant due = ReadSchedule.next(Instant.MIN, T, SECOND);
        // Key frames arrive 1 s apart, one of them 30 ms early: each one is still due.
        Instant[] keys = {T.plusMillis(1000), T.plusMillis(1970), T.plusMillis(3000), T.plusMillis(4010)};
        for (Instant key : keys) {
            assertThat(key).isAfterOrEqualTo(due);
            due = ReadSchedule.next(due, key, SECOND);
        }
        assertThat(due).isEqualTo(T.plusMillis(4800));
    }

    @Test
    void shortIntervalOnFastStream_averagesOneFramePerInterval() {
        Duration interval = Duration.ofMillis(200);
        Instant due = Instant.MIN;
        int returned = 0;
        for (int i = 0; i < 250; i++) {
            Instant capture = T.plusMillis(40L * i);
            if (!capture.isBefore(due)) {
                returned++;
                due = ReadSchedule.next(due, capture, interval);
            }
        }
        assertThat(returned).isBetween(49, 51);
    }

    @Test
    void fallingBehind_startsNewGrid() {
        Instant due = T.plusMillis(800);

        Instant next = ReadSchedule.next(due, T.plusSeconds(10), SECOND);

        assertThat(next).isEqualTo(T.plusMillis(10_800));
    }
}
