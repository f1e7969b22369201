package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterReadingFilterTest {

    private static final Instant T0 = ScaleMappingTest.T0;

    /** Range 0..1.6 MPa, so a fraction of 0.5 is 0.8 MPa. */
    private static MeterReadingFilter filter(int smoothing, Double maxRate) {
        return new MeterReadingFilter(ScaleMappingTest.calibration(List.of(), null, 1.4, smoothing, maxRate));
    }

    private static Reading feed(MeterReadingFilter f, double fraction, double seconds) {
        Instant t = T0.plusMillis((long) (seconds * 1000));
        return f.accept(GaugeMeasurement.ok(GaugeType.POINTER, fraction, 0.9, null), "cam1", t, t);
    }

    @Test
    void smoothing_isTheMedianOfTheLastReadings() {
        MeterReadingFilter f = filter(3, null);
        feed(f, 0.50, 0);
        feed(f, 0.90, 1);
        Reading r = feed(f, 0.52, 2);
        assertEquals(0.52, r.fraction(), 1e-12);
        assertEquals(0.832, r.value(), 1e-12);
        // The window slides: 0.90, 0.52, 0.54 -> 0.54.
        assertEquals(0.54, feed(f, 0.54, 3).fraction(), 1e-12);
    }

    @Test
    void evenWindow_averagesTheMiddleTwo() {
        MeterReadingFilter f = filter(2, null);
        feed(f, 0.40, 0);
        assertEquals(0.45, feed(f, 0.50, 1).fraction(), 1e-12);
    }

    @Test
    void jumpFasterThanTheMaxRate_isImplausible_andThePreviousValueStays() {
        MeterReadingFilter f = filter(1, 0.1);
        Reading before = feed(f, 0.50, 0);
        Reading jump = feed(f, 0.90, 1);
        assertEquals(ReadingStatus.IMPLAUSIBLE, jump.status());
        assertNull(jump.value());
        assertEquals(before, f.shown().orElseThrow());
    }

    @Test
    void changeWithinTheMaxRate_isAccepted() {
        MeterReadingFilter f = filter(1, 0.1);
        feed(f, 0.50, 0);
        // 0.8 MPa to 1.2 MPa in 5 s is 0.08 MPa/s.
        assertEquals(ReadingStatus.OK, feed(f, 0.75, 5).status());
    }

    @Test
    void smallNoiseWithinOnePercent_isNeverImplausible() {
        MeterReadingFilter f = filter(1, 0.001);
        feed(f, 0.50, 0);
        assertEquals(ReadingStatus.OK, feed(f, 0.508, 0.1).status());
    }

    @Test
    void realStepChange_isAcceptedAfterThreeAgreeingReadings() {
        MeterReadingFilter f = filter(3, 0.1);
        feed(f, 0.20, 0);
        feed(f, 0.20, 1);
        assertEquals(ReadingStatus.IMPLAUSIBLE, feed(f, 0.80, 2).status());
        assertEquals(ReadingStatus.IMPLAUSIBLE, feed(f, 0.80, 3).status());
        Reading accepted = feed(f, 0.80, 4);
        assertEquals(ReadingStatus.OK, accepted.status());
        // Smoothing restarts from the new level, not from a median straddling the step.
        assertEquals(0.80, accepted.fraction(), 1e-12);
        assertEquals(1.28, f.shown().orElseThrow().value(), 1e-12);
    }

    @Test
    void implausibleReadingsThatDisagree_doNotMakeAStep() {
        MeterReadingFilter f = filter(1, 0.1);
        feed(f, 0.20, 0);
        assertEquals(ReadingStatus.IMPLAUSIBLE, feed(f, 0.80, 1).status());
        assertEquals(ReadingStatus.IMPLAUSIBLE, feed(f, 0.50, 2).status());
        assertEquals(ReadingStatus.IMPLAUSIBLE, feed(f, 0.95, 3).status());
        assertEquals(0.20, f.shown().orElseThrow().fraction(), 1e-12);
    }

    @Test
    void failedMeasurements_passThroughWithoutTouchingTheState() {
        MeterReadingFilter f = filter(3, 0.1);
        Reading ok = feed(f, 0.30, 0);
        Instant t = T0.plusSeconds(1);
        Reading failed = f.accept(GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.POINTER_NOT_FOUND),
                "cam1", t, t);
        assertEquals(ReadingStatus.POINTER_NOT_FOUND, failed.status());
        Reading unsure = f.accept(GaugeMeasurement.ok(GaugeType.POINTER, 0.9, 0.2, null), "cam1", t, t);
        assertEquals(ReadingStatus.LOW_CONFIDENCE, unsure.status());
        assertEquals(ok, f.shown().orElseThrow());
    }

    @Test
    void alarm_followsTheSmoothedValue() {
        MeterReadingFilter f = filter(3, null);
        feed(f, 0.50, 0);
        feed(f, 0.50, 1);
        // A single high reading (1.52 MPa) does not raise the alarm: the median is 0.8 MPa.
        assertEquals(AlarmState.NONE, feed(f, 0.95, 2).alarm());
        assertEquals(AlarmState.HIGH, feed(f, 0.95, 3).alarm());
    }

    @Test
    void alarmWithADeadband_holdsWhileTheValueHoversAtTheLimit() {
        MeterCalibration calibration = ScaleMappingTest.calibration(List.of(), null, 1.4, 1, null);
        MeterCalibration withDeadband = new MeterCalibration(calibration.id(), calibration.camera(), calibration.type(),
                calibration.region(), calibration.range(), calibration.scale(),
                new MeterCalibration.Alarms(null, 1.4, 0.08), 1, null, 0.5, null, "boiler.yaml");
        MeterReadingFilter held = new MeterReadingFilter(withDeadband);
        MeterReadingFilter plain = new MeterReadingFilter(calibration);
        // 1.44, 1.37, 1.43, 1.36, 1.31 MPa: hovering at the 1.4 limit, then away from it
        double[] fractions = {0.9, 0.85625, 0.89375, 0.85, 0.81875};
        AlarmState[] heldStates = new AlarmState[fractions.length];
        AlarmState[] plainStates = new AlarmState[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            heldStates[i] = feed(held, fractions[i], i).alarm();
            plainStates[i] = feed(plain, fractions[i], i).alarm();
        }

        assertArrayEquals(new AlarmState[] {AlarmState.HIGH, AlarmState.HIGH, AlarmState.HIGH, AlarmState.HIGH,
            AlarmState.NONE}, heldStates);
        assertArrayEquals(new AlarmState[] {AlarmState.HIGH, AlarmState.NONE, AlarmState.HIGH, AlarmState.NONE,
            AlarmState.NONE}, plainStates);
    }

    /** Range 0..1.6 MPa, HIGH above 1.4, no smoothing, with these alarm delays. */
    private static MeterReadingFilter delayed(Duration onDelay, Duration offDelay) {
        MeterCalibration c = ScaleMappingTest.calibration(List.of(), null, 1.4, 1, null);
        return new MeterReadingFilter(new MeterCalibration(c.id(), c.camera(), c.type(), c.region(), c.range(),
                c.scale(), new MeterCalibration.Alarms(null, 1.4, 0, onDelay, offDelay), 1, null, 0.5, null,
                "boiler.yaml"));
    }

    private static AlarmState[] alarms(MeterReadingFilter f, double[] fractions, double[] seconds) {
        AlarmState[] states = new AlarmState[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            states[i] = feed(f, fractions[i], seconds[i]).alarm();
        }
        return states;
    }

    @Test
    void alarmWithAnOnDelay_isRaisedOnlyOnceTheValueHasStayedBeyondTheLimitThatLong() {
        AlarmState n = AlarmState.NONE;
        AlarmState h = AlarmState.HIGH;
        // 1.44 MPa (beyond 1.4) at 0 s, 1.2 at 2 s, then beyond from 4 s on, read every 2 s
        double[] fractions = {0.9, 0.75, 0.9, 0.9, 0.9, 0.9, 0.9};
        double[] seconds = {0, 2, 4, 6, 8, 10, 12};
        assertArrayEquals(new AlarmState[] {h, n, h, h, h, h, h},
                alarms(delayed(Duration.ZERO, Duration.ZERO), fractions, seconds), "no delay: at once");
        // 5 s: the excursion at 0 s is forgotten by the dip at 2 s; beyond from 4 s, raised at 10 s (6 s later)
        assertArrayEquals(new AlarmState[] {n, n, n, n, n, h, h},
                alarms(delayed(Duration.ofSeconds(5), Duration.ZERO), fractions, seconds), "on-delay 5 s");
    }

    @Test
    void alarmWithAnOffDelay_clearsOnlyOnceTheValueHasStayedBackThatLong_andFailedReadingsDoNotRestartTheWait() {
        MeterReadingFilter f = delayed(Duration.ZERO, Duration.ofSeconds(3));
        assertEquals(AlarmState.HIGH, feed(f, 0.9, 0).alarm());
        assertEquals(AlarmState.HIGH, feed(f, 0.8, 1).alarm(), "back within at 1 s: the wait starts");
        Instant t = T0.plusSeconds(2);
        f.accept(GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.POINTER_NOT_FOUND), "cam1", t, t);
        assertEquals(AlarmState.HIGH, feed(f, 0.8, 3).alarm());
        assertEquals(AlarmState.NONE, feed(f, 0.8, 4).alarm(), "3 s after 1 s, the failed reading between");
    }

    @Test
    void aFilterForAMeterAlreadyInAlarm_keepsItThroughTheOnDelay_andClearsItOnlyAfterTheOffDelay() {
        MeterCalibration c = ScaleMappingTest.calibration(List.of(), null, 1.4, 1, null);
        MeterCalibration delays = new MeterCalibration(c.id(), c.camera(), c.type(), c.region(), c.range(), c.scale(),
                new MeterCalibration.Alarms(null, 1.4, 0, Duration.ofSeconds(10), Duration.ofSeconds(3)), 1, null,
                0.5, null, "boiler.yaml");
        MeterReadingFilter restarted = new MeterReadingFilter(delays, AlarmState.HIGH);
        assertEquals(AlarmState.HIGH, feed(restarted, 0.9, 0).alarm(), "still beyond: no clear, no new on-delay");
        assertEquals(AlarmState.HIGH, feed(restarted, 0.8, 1).alarm());
        assertEquals(AlarmState.NONE, feed(restarted, 0.8, 4).alarm(), "back for the off-delay");
        MeterReadingFilter fresh = new MeterReadingFilter(delays);
        assertEquals(AlarmState.NONE, feed(fresh, 0.9, 0).alarm(), "a fresh filter waits out the on-delay");
    }

    @Test
    void framesOutOfOrder_countAsNoTimeElapsed() {
        MeterReadingFilter f = filter(1, 0.1);
        feed(f, 0.50, 10);
        assertEquals(ReadingStatus.IMPLAUSIBLE, feed(f, 0.60, 5).status());
        assertTrue(f.shown().isPresent());
    }
}
