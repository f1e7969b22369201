package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.frame.Via;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.testing.SettableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A meter out of service reads so, whatever is seen, and is read afresh once back. */
class OutOfServiceReadingTest {

    private static final Instant T = Instant.parse("2026-12-06T18:00:00Z");

    /** A 0-10 bar dial smoothed over 3 readings, changing at most 1 bar a second. */
    private static final MeterCalibration DIAL = new MeterCalibration("boiler", "cam", GaugeType.POINTER,
            new MeterCalibration.Region(0, 0, 100, 100), new MeterCalibration.Range(0, 10, "bar"), List.of(),
            null, 3, 1.0, 0.5, null, "boiler.yaml", false, null);

    private static FoundGauge at(double fraction) {
        return new FoundGauge(GaugeType.POINTER, new BoundingBox(10, 10, 80, 80), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, fraction, 0.9, null), null);
    }

    @Test
    void aMeterOutOfService_readsOutOfServiceWithoutAValue_andBackInService_startsAFreshFilter() {
        AlarmList alarms = new AlarmList(Clock.fixed(T, ZoneOffset.UTC));
        CalibratedMeterFilters filters = new CalibratedMeterFilters(id -> AlarmState.NONE, alarms::isOutOfService);
        for (int s = 0; s < 3; s++) {
            assertThat(filters.reading(DIAL, at(0.5), T.plusSeconds(s), T.plusSeconds(s)).value()).isEqualTo(5.0);
        }

        alarms.via(Via.HTTP).takeOutOfService("boiler", "bo", "gauge replaced");
        assertThat(filters.outOfService("boiler")).isTrue();
        Reading away = filters.reading(DIAL, at(0.9), T.plusSeconds(3), T.plusSeconds(3));
        assertThat(away).extracting(Reading::status, Reading::value, Reading::unit, Reading::cameraId)
                .containsExactly(ReadingStatus.OUT_OF_SERVICE, null, "bar", "cam");
        assertThat(filters.reading(DIAL, null, T.plusSeconds(4), T.plusSeconds(4)).status())
                .as("nothing seen: out of service all the same").isEqualTo(ReadingStatus.OUT_OF_SERVICE);

        alarms.via(Via.HTTP).putBackInService("boiler", "cy");
        Reading back = filters.reading(DIAL, at(0.8), T.plusSeconds(5), T.plusSeconds(5));
        assertThat(back.status()).as("no jump from the old gauge's 5 bar: a new start").isEqualTo(ReadingStatus.OK);
        assertThat(back.value()).as("not the median with the old gauge's readings").isEqualTo(8.0);
    }

    @Test
    void aFrameCapturedBeforeThePutBack_butReadAfterIt_isStillOutOfService_andOneBeforeTheTakeOut_isNot() {
        SettableClock clock = new SettableClock(T);
        AlarmList alarms = new AlarmList(clock);
        CalibratedMeterFilters filters = new CalibratedMeterFilters(id -> AlarmState.NONE, alarms::isOutOfService,
                alarms::wasOutOfServiceAt);
        alarms.via(Via.HTTP).takeOutOfService("boiler", "bo", "gauge replaced");
        assertThat(filters.reading(DIAL, at(0.5), T.minusMillis(30), T.plusMillis(70)).status())
                .as("captured before it was taken out").isEqualTo(ReadingStatus.OK);
        clock.advance(java.time.Duration.ofSeconds(10));
        alarms.via(Via.HTTP).putBackInService("boiler", "cy");
        assertThat(filters.reading(DIAL, at(0.5), T.plusMillis(9_900), T.plusMillis(10_050)).status())
                .as("captured 100 ms before the put-back, read after it").isEqualTo(ReadingStatus.OUT_OF_SERVICE);
        assertThat(filters.reading(DIAL, at(0.5), T.plusMillis(10_100), T.plusMillis(10_200)).status())
                .isEqualTo(ReadingStatus.OK);
    }
}
