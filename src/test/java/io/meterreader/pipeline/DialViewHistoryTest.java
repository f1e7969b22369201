package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.MarkedPointerReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialViewHistoryTest {

    private static final BoundingBox DIAL = new BoundingBox(100, 100, 200, 200);
    private static final BoundingBox OTHER = new BoundingBox(600, 100, 200, 200);
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    private static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    private static DialViewHistory.Seen seen(int view, double fraction, double seconds) {
        return new DialViewHistory.Seen(view, GaugeMeasurement.ok(GaugeType.POINTER, fraction, 0.8, null),
                new MarkedPointerReader.View(List.of(), 0, 0, 0), at(seconds));
    }

    private static DialViewHistory.Seen failed(int view, double seconds) {
        return new DialViewHistory.Seen(view, GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND),
                new MarkedPointerReader.View(List.of(), 0, 0, 0), at(seconds));
    }

    @Test
    void latest_isTheNewestReadingOfAnyCrop_withinMaxAge_andNotAfterTheFrame() {
        DialViewHistory h = new DialViewHistory();
        h.saw(DIAL, seen(0, 0.40, 0));
        h.saw(DIAL, seen(1, 0.41, 1));

        assertThat(h.latest(DIAL, at(2)).view()).isEqualTo(1);
        assertThat(h.latest(DIAL, at(0.5)).view()).isZero();   // the newer one is after this frame
        assertThat(h.latest(DIAL, at(5.5)).view()).isEqualTo(1);   // 4.5 s old: the first is past 5 s
        assertThat(h.latest(DIAL, at(6.5))).isNull();
        assertThat(h.latest(OTHER, at(2))).isNull();
    }

    @Test
    void drift_carriesOnTheCropsOwnLastTwoOkReadings() {
        DialViewHistory h = new DialViewHistory();
        h.saw(DIAL, seen(0, 0.40, 0));
        h.saw(DIAL, seen(1, 0.47, 1));   // the other crop's reading is not part of crop 0's rate
        h.saw(DIAL, failed(0, 1.5));     // nor is a failed one
        h.saw(DIAL, seen(0, 0.44, 2));

        // 0.02 of the span a second, one second on from crop 0's last reading
        assertThat(h.drift(DIAL, 0, at(3))).isCloseTo(0.02, within(1e-9));
        // one OK reading of crop 1: no rate
        assertThat(h.drift(DIAL, 1, at(3))).isZero();
    }

    @Test
    void drift_ofTwoReadingsAtOneCaptureTime_isZero() {
        DialViewHistory h = new DialViewHistory();
        h.saw(DIAL, seen(0, 0.40, 1));
        h.saw(DIAL, seen(0, 0.60, 1));

        assertThat(h.drift(DIAL, 0, at(2))).isZero();
    }

    @Test
    void drift_isCappedAtMaxDrift() {
        DialViewHistory h = new DialViewHistory();
        h.saw(DIAL, seen(0, 0.20, 0));
        h.saw(DIAL, seen(0, 0.50, 1));

        assertThat(h.drift(DIAL, 0, at(2))).isEqualTo(DialViewHistory.MAX_DRIFT);
    }

    @Test
    void aBoxMovedAPixelOrTwo_isTheSameDial_oneMovedFarIsNot() {
        DialViewHistory h = new DialViewHistory();
        h.saw(DIAL, seen(0, 0.40, 0));

        assertThat(h.latest(new BoundingBox(102, 99, 201, 198), at(1))).isNotNull();
        assertThat(h.latest(new BoundingBox(140, 100, 200, 200), at(1))).isNull();   // IoU 0.67

        // a reading at the moved box carries the dial's history on under its new box
        BoundingBox moved = new BoundingBox(102, 99, 201, 198);
        h.saw(moved, seen(1, 0.41, 1));
        assertThat(h.size()).isEqualTo(1);
        assertThat(h.drift(moved, 0, at(2))).isZero();
        assertThat(h.latest(moved, at(2)).view()).isEqualTo(1);
    }

    @Test
    void keepOnly_forgetsTheDialsTheLatestFrameWasNotReadAt() {
        DialViewHistory h = new DialViewHistory();
        h.saw(DIAL, seen(0, 0.40, 0));
        h.saw(OTHER, seen(0, 0.60, 0));

        h.keepOnly(List.of(new BoundingBox(101, 100, 200, 200)));

        assertThat(h.size()).isEqualTo(1);
        assertThat(h.latest(DIAL, at(1))).isNotNull();
        assertThat(h.latest(OTHER, at(1))).isNull();
    }

    @Test
    void aCameraReadSeldom_hasItsReadingsConfirmForTwoAndAHalfReads_atLeastMaxAge() {
        DialViewHistory seldom = DialViewHistory.forReadInterval(Duration.ofSeconds(10));
        DialViewHistory often = DialViewHistory.forReadInterval(Duration.ofSeconds(1));
        for (DialViewHistory h : List.of(seldom, often)) {
            h.saw(DIAL, seen(0, 0.40, 0));
        }

        assertThat(seldom.latest(DIAL, at(24))).isNotNull();
        assertThat(seldom.latest(DIAL, at(26))).isNull();
        assertThat(often.latest(DIAL, at(4.9))).isNotNull();   // 2.5 s would be less than MAX_AGE
        assertThat(often.latest(DIAL, at(5.1))).isNull();
        // and a seldom camera keeps what it needs for a rate: readings 10 s apart
        seldom.saw(DIAL, seen(0, 0.42, 10));
        assertThat(seldom.drift(DIAL, 0, at(20))).isCloseTo(0.02, within(1e-9));
    }
}
