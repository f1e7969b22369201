package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingThrottleTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Reading> stored = new ArrayList<>();
    private final ReadingThrottle throttle = new ReadingThrottle(stored::add, Duration.ofSeconds(10));

    private static Reading ok(String meter, int second, AlarmState alarm) {
        Instant t = T.plusSeconds(second);
        return Reading.ok(meter, "cam", 1, "bar", 0.1, 0.9, alarm, t, t);
    }

    @Test
    void steadyReadings_areStoredOncePerInterval() {
        for (int s = 0; s < 30; s++) {
            throttle.accept(ok("m", s, AlarmState.NONE));
        }

        assertThat(stored).extracting(r -> r.captureTime().getEpochSecond() - T.getEpochSecond())
                .containsExactly(0L, 10L, 20L);
    }

    @Test
    void statusOrAlarmChange_isAlwaysStored() {
        throttle.accept(ok("m", 0, AlarmState.NONE));
        throttle.accept(Reading.failed("m", "cam", ReadingStatus.POINTER_NOT_FOUND, "bar", 0.1, T.plusSeconds(1),
                T.plusSeconds(1)));
        throttle.accept(ok("m", 2, AlarmState.NONE));
        throttle.accept(ok("m", 3, AlarmState.HIGH));
        throttle.accept(ok("m", 4, AlarmState.HIGH));

        assertThat(stored).hasSize(4);
    }

    @Test
    void metersAreThrottledApart() {
        throttle.accept(ok("a", 0, AlarmState.NONE));
        throttle.accept(ok("b", 1, AlarmState.NONE));

        assertThat(stored).hasSize(2);
    }

    @Test
    void zeroInterval_storesEverything() {
        ReadingThrottle all = new ReadingThrottle(stored::add, Duration.ZERO);
        for (int s = 0; s < 5; s++) {
            all.accept(ok("m", s, AlarmState.NONE));
        }

        assertThat(stored).hasSize(5);
    }
}
