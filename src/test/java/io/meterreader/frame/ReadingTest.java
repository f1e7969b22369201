package io.meterreader.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void okReading_carriesValueAndFraction() {
        Reading r = Reading.ok("m", "cam", 0.8, "MPa", 0.5, 0.9, AlarmState.NONE, T, T);

        assertThat(r.isOk()).isTrue();
        assertThat(r.optionalValue()).hasValue(0.8);
    }

    @Test
    void itsTimes_areToTheMicrosecond_asTheHistoryKeepsThem() {
        Reading r = Reading.ok("m", "cam", 0.8, "MPa", 0.5, 0.9, AlarmState.HIGH, T.plusNanos(594_742_449),
                T.plusNanos(1_000_001_999));

        assertThat(r.captureTime()).as("not rounded up: an alarm's raise stays at or before it")
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.594742Z"));
        assertThat(r.readTime()).isEqualTo(Instant.parse("2026-01-01T00:00:01.000001Z"));
    }

    @Test
    void failedReading_hasNoValue() {
        Reading r = Reading.failed("m", "cam", ReadingStatus.POINTER_NOT_FOUND, "MPa", 0.2, T, T);

        assertThat(r.value()).isNull();
        assertThat(r.fraction()).isNull();
        assertThat(r.optionalValue()).isEmpty();
    }

    @Test
    void failedStatusWithValue_isRejected() {
        assertThatThrownBy(() -> new Reading("m", "cam", ReadingStatus.LOW_CONFIDENCE, -1.6, "MPa", -1.0, 0.1,
                AlarmState.NONE, T, T)).hasMessageContaining("carries no value");
    }

    @Test
    void okStatusWithoutValue_isRejected() {
        assertThatThrownBy(() -> new Reading("m", "cam", ReadingStatus.OK, null, "MPa", null, 0.9,
                AlarmState.NONE, T, T)).hasMessageContaining("needs a finite value");
    }

    @Test
    void failedReadingWithOkStatus_isRejected() {
        assertThatThrownBy(() -> Reading.failed("m", "cam", ReadingStatus.OK, "MPa", 0.9, T, T))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyOk_hasValue() {
        for (ReadingStatus s : ReadingStatus.values()) {
            assertThat(s.hasValue()).as(s.name()).isEqualTo(s == ReadingStatus.OK);
        }
    }
}
