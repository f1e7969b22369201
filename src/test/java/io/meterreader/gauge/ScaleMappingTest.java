package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleMappingTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static MeterCalibration calibration(List<MeterCalibration.ScalePoint> table, Double low, Double high,
                                        int smoothing, Double maxRate) {
        return new MeterCalibration("boiler", "cam1", GaugeType.POINTER, new MeterCalibration.Region(0, 0, 100, 100),
                new MeterCalibration.Range(0, 1.6, "MPa"), table, new MeterCalibration.Alarms(low, high), smoothing,
                maxRate, 0.5, null, "boiler.yaml");
    }

    /** A 0-100 % tank whose glass reads empty at image row 400 and full at row 200. */
    static ScaleMapping markedTank() {
        return ScaleMapping.of(new MeterCalibration("tank", "cam1", GaugeType.LEVEL,
                new MeterCalibration.Region(0, 150, 50, 300), new MeterCalibration.Range(0, 100, "%"), List.of(), null,
                1, null, 0.5, new MeterCalibration.LevelMarks(400, 200), "tank.yaml"));
    }

    /** A level measurement of a glass from row 180 to 420 whose surface the reader found at {@code surfaceY}. */
    static GaugeMeasurement level(double surfaceY) {
        double fraction = (420 - surfaceY) / 240;
        return GaugeMeasurement.ok(GaugeType.LEVEL, fraction, 0.8, new LevelDiagnostics(
                new io.meterreader.frame.BoundingBox(10, 180, 20, 240), null, surfaceY, surfaceY, 30, fraction));
    }

    @Test
    void counterclockwiseDial_isReadFromItsClockwiseEnd() {
        // A vacuum gauge, -1 to 0 bar, whose values grow counter-clockwise: the reader's first
        // tick (clockwise) is 0 bar, so a pointer a quarter of the way round reads -0.25 bar.
        ScaleMapping vacuum = ScaleMapping.of(new MeterCalibration("vacuum", "cam1", GaugeType.POINTER,
                new MeterCalibration.Region(0, 0, 100, 100), new MeterCalibration.Range(-1, 0, "bar"), List.of(),
                new MeterCalibration.Alarms(-0.9, null), 1, null, 0.5, null, "vacuum.yaml", true, null));

        Reading quarter = read(vacuum, GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.9, null));
        Reading nearEnd = read(vacuum, GaugeMeasurement.ok(GaugeType.POINTER, 0.95, 0.9, null));

        assertEquals(-0.25, quarter.value(), 1e-12);
        assertEquals(0.75, quarter.fraction(), 1e-12);
        assertEquals(-0.95, nearEnd.value(), 1e-12);
        assertEquals(AlarmState.LOW, nearEnd.alarm());
        // Failures stay failures.
        assertEquals(ReadingStatus.SCALE_NOT_FOUND,
                read(vacuum, GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND)).status());
    }

    @Test
    void levelMarks_measureTheSurfaceBetweenThemNotBetweenTheGlassEnds() {
        Reading r = read(markedTank(), level(350));

        assertEquals(ReadingStatus.OK, r.status());
        assertEquals(0.25, r.fraction(), 1e-12);
        assertEquals(25, r.value(), 1e-9);
        assertEquals(0.8, r.confidence(), 1e-12);
    }

    @Test
    void levelMarks_surfaceBeyondAMarkIsOutOfRange() {
        assertEquals(ReadingStatus.OUT_OF_RANGE, read(markedTank(), level(415)).status());
        assertEquals(ReadingStatus.OK, read(markedTank(), level(402)).status());
        assertEquals(0.0, read(markedTank(), level(402)).fraction());
    }

    @Test
    void levelMarks_leaveAMeasurementWithoutASurfaceAlone() {
        Reading r = read(markedTank(), GaugeMeasurement.ok(GaugeType.LEVEL, 0.6, 0.8, null));

        assertEquals(0.6, r.fraction(), 1e-12);
    }

    private static Reading read(ScaleMapping scale, GaugeMeasurement m) {
        return scale.toReading(m, "boiler", "cam1", T0, T0.plusMillis(40));
    }

    @Test
    void linearRange_mapsTheFractionOntoTheSpan() {
        ScaleMapping scale = ScaleMapping.of(calibration(List.of(), null, null, 1, null));
        Reading r = read(scale, GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.9, null));
        assertEquals(ReadingStatus.OK, r.status());
        assertEquals(0.4, r.value(), 1e-12);
        assertEquals("MPa", r.unit());
        assertEquals(0.25, r.fraction());
        assertEquals(T0, r.captureTime());
        assertEquals(T0.plusMillis(40), r.readTime());
    }

    @Test
    void scaleTable_isPiecewiseLinear() {
        List<MeterCalibration.ScalePoint> table = List.of(new MeterCalibration.ScalePoint(0, 0),
                new MeterCalibration.ScalePoint(0.5, 0.2), new MeterCalibration.ScalePoint(1, 1.6));
        ScaleMapping scale = ScaleMapping.of(calibration(table, null, null, 1, null));
        assertEquals(0.1, scale.valueAt(0.25), 1e-12);
        assertEquals(0.2, scale.valueAt(0.5), 1e-12);
        assertEquals(0.9, scale.valueAt(0.75), 1e-12);
        assertEquals(1.6, scale.span(), 1e-12);
    }

    @Test
    void alarmLimits_classifyTheValue() {
        ScaleMapping scale = ScaleMapping.of(calibration(List.of(), 0.2, 1.4, 1, null));
        assertEquals(AlarmState.LOW, read(scale, GaugeMeasurement.ok(GaugeType.POINTER, 0.1, 0.9, null)).alarm());
        assertEquals(AlarmState.NONE, read(scale, GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.9, null)).alarm());
        assertEquals(AlarmState.HIGH, read(scale, GaugeMeasurement.ok(GaugeType.POINTER, 0.95, 0.9, null)).alarm());
    }

    @Test
    void confidenceBelowTheMeterMinimum_isLowConfidence_withNoValue() {
        ScaleMapping scale = ScaleMapping.of(calibration(List.of(), null, null, 1, null));
        Reading r = read(scale, GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.49, null));
        assertEquals(ReadingStatus.LOW_CONFIDENCE, r.status());
        assertNull(r.value());
        assertNull(r.fraction());
        assertEquals(0.49, r.confidence());
    }

    @Test
    void outOfRange_staysOutOfRange_unlessUnsure() {
        ScaleMapping scale = ScaleMapping.of(calibration(List.of(), null, null, 1, null));
        assertEquals(ReadingStatus.OUT_OF_RANGE,
                read(scale, GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.OUT_OF_RANGE, 0.8, null)).status());
        assertEquals(ReadingStatus.LOW_CONFIDENCE,
                read(scale, GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.OUT_OF_RANGE, 0.3, null)).status());
    }

    @Test
    void geometryFailures_keepTheirStatus() {
        ScaleMapping scale = ScaleMapping.linear(0, 10, "bar");
        for (ReadingStatus status : new ReadingStatus[] {ReadingStatus.POINTER_NOT_FOUND, ReadingStatus.SCALE_NOT_FOUND,
                ReadingStatus.NOT_DETECTED, ReadingStatus.CAMERA_DOWN}) {
            Reading r = read(scale, GaugeMeasurement.failed(GaugeType.POINTER, status));
            assertEquals(status, r.status());
            assertNull(r.value());
        }
    }

    @Test
    void uncalibratedGauge_readsItsFractionWithoutUnit() {
        Reading r = read(ScaleMapping.uncalibrated(), GaugeMeasurement.ok(GaugeType.LEVEL, 0.42, 0.9, null));
        assertEquals(0.42, r.value(), 1e-12);
        assertNull(r.unit());
    }

    @Test
    void linearScaleFromTheQuery_needsMinBelowMax() {
        assertEquals(7.5, ScaleMapping.linear(5, 10, "bar").valueAt(0.5), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ScaleMapping.linear(10, 5, "bar"));
    }
}
