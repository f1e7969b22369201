package io.meterreader.gauge;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Turns one measurement into one reading through a meter's scale, on its own (no history): the
 * fraction becomes a value linearly over the range or through the scale table, the value gets its
 * alarm state, and a measurement less sure than the meter's minimum confidence becomes
 * LOW_CONFIDENCE. The offline {@code read} uses it as it is; {@link MeterReadingFilter} adds
 * smoothing and plausibility for the live pipeline.
 *
 * <p>An OUT_OF_RANGE measurement below the minimum confidence is LOW_CONFIDENCE too: a reader
 * that is unsure where the pointer is cannot be sure it is off the scale.
 *
 * <p>A level meter calibrated with level marks is measured between them: the surface the level
 * reader found, at its image row, becomes a fraction of the way from the empty mark to the full
 * one, in place of the reader's fraction of the detected glass. A surface more than 2% of that
 * span outside the marks is OUT_OF_RANGE.
 *
 * <p>A pointer meter whose values grow counter-clockwise is read the other way round: the
 * reader's fraction runs clockwise from the scale's first tick, which on such a dial is its max.
 */
public final class ScaleMapping {

    /** The minimum confidence where no calibration says otherwise. */
    public static final double DEFAULT_MIN_CONFIDENCE = MeterCalibration.DEFAULT_MIN_CONFIDENCE;

    private final MeterCalibration.Range range;
    private final List<MeterCalibration.ScalePoint> table;
    private final MeterCalibration.Alarms alarms;
    private final String unit;
    private final double minConfidence;
    private final MeterCalibration.LevelMarks levelMarks;
    private final boolean counterclockwise;

    private ScaleMapping(MeterCalibration.Range range, List<MeterCalibration.ScalePoint> table,
                         MeterCalibration.Alarms alarms, String unit, double minConfidence,
                         MeterCalibration.LevelMarks levelMarks, boolean counterclockwise) {
        this.levelMarks = levelMarks;
        this.counterclockwise = counterclockwise;
        this.range = range;
        this.table = List.copyOf(table);
        this.alarms = alarms == null ? MeterCalibration.Alarms.NONE : alarms;
        this.unit = unit;
        this.minConfidence = minConfidence;
    }

    /** A calibrated meter's scale: its range or table, unit, alarms and minimum confidence. */
    public static ScaleMapping of(MeterCalibration calibration) {
        return new ScaleMapping(calibration.range(), calibration.scale(), calibration.alarms(),
                calibration.range().unit(), calibration.minConfidence(), calibration.levelMarks(),
                calibration.counterclockwise());
    }

    /** A linear scale from {@code min} at fraction 0 to {@code max} at 1, as the offline read's query gives. */
    public static ScaleMapping linear(double min, double max, String unit) {
        return linear(min, max, unit, false);
    }

    /** As {@link #linear(double, double, String)}, for a dial whose values grow counter-clockwise when asked. */
    public static ScaleMapping linear(double min, double max, String unit, boolean counterclockwise) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException("a scale needs min < max, got " + min + " and " + max);
        }
        return new ScaleMapping(new MeterCalibration.Range(min, max, unit), List.of(), null, unit,
                DEFAULT_MIN_CONFIDENCE, null, counterclockwise);
    }

    /** This scale with a sight glass's level marks: its surface measured between them, as a calibration's {@code level-marks}. */
    public ScaleMapping withLevelMarks(MeterCalibration.LevelMarks marks) {
        return new ScaleMapping(range, table, alarms, unit, minConfidence, marks, counterclockwise);
    }

    /** A gauge no calibration covers: its value is its fraction, with no unit. */
    public static ScaleMapping uncalibrated() {
        return new ScaleMapping(new MeterCalibration.Range(0, 1, null), List.of(), null, null,
                DEFAULT_MIN_CONFIDENCE, null, false);
    }

    /** The value at a scale fraction: linear over the range, or piecewise linear through the table. */
    public double valueAt(double fraction) {
        return MeterCalibration.valueAt(range, table, fraction);
    }

    /** The scale's span in its unit: the value at fraction 1 less the value at fraction 0. */
    public double span() {
        return valueAt(1) - valueAt(0);
    }

    public AlarmState alarm(double value) {
        return alarms.classify(value);
    }

    /** The alarm limits, deadband and delays. */
    public MeterCalibration.Alarms alarms() {
        return alarms;
    }

    /** The value's alarm state after the meter's previous one (the alarms' deadband holds an alarm). */
    public AlarmState alarm(double value, AlarmState previous) {
        return alarms.classify(value, previous);
    }

    /** The unit, or null for an uncalibrated gauge. */
    public String unit() {
        return unit;
    }

    public double minConfidence() {
        return minConfidence;
    }

    /** The reading this measurement makes on its own. */
    public Reading toReading(GaugeMeasurement measurement, String meterId, String cameraId, Instant captureTime,
                             Instant readTime) {
        Objects.requireNonNull(measurement, "measurement");
        measurement = betweenMarks(measurement);
        if (counterclockwise && measurement.isOk() && measurement.type() == GaugeType.POINTER) {
            // The reader measures clockwise from the scale's first tick: here that is the top end.
            measurement = GaugeMeasurement.ok(GaugeType.POINTER, 1 - measurement.fraction(), measurement.confidence(),
                    measurement.diagnostics());
        }
        ReadingStatus status = measurement.status();
        double confidence = measurement.confidence();
        boolean located = status == ReadingStatus.OK || status == ReadingStatus.OUT_OF_RANGE;
        if (located && confidence < minConfidence) {
            return Reading.failed(meterId, cameraId, ReadingStatus.LOW_CONFIDENCE, unit, confidence, captureTime,
                    readTime);
        }
        if (!measurement.isOk()) {
            return Reading.failed(meterId, cameraId, status, unit, confidence, captureTime, readTime);
        }
        double fraction = measurement.fraction();
        double value = valueAt(fraction);
        return Reading.ok(meterId, cameraId, value, unit, fraction, confidence, alarm(value), captureTime, readTime);
    }

    /** With level marks, the surface the level reader found, measured between them. */
    private GaugeMeasurement betweenMarks(GaugeMeasurement m) {
        boolean located = m.status() == ReadingStatus.OK || m.status() == ReadingStatus.OUT_OF_RANGE;
        if (levelMarks == null || !located || !(m.diagnostics() instanceof LevelDiagnostics d) || d.surfaceY() == null) {
            return m;
        }
        double raw = levelMarks.fraction(d.surfaceY());
        LevelDiagnostics marked = new LevelDiagnostics(d.glass(), d.level(), d.boxSurfaceY(), d.surfaceY(),
                d.edgeContrast(), raw, null);
        if (raw < -ProfileLevelReader.END_TOLERANCE || raw > 1 + ProfileLevelReader.END_TOLERANCE) {
            return GaugeMeasurement.failed(GaugeType.LEVEL, ReadingStatus.OUT_OF_RANGE, m.confidence(), marked);
        }
        return GaugeMeasurement.ok(GaugeType.LEVEL, Geometry.clamp(raw, 0, 1), m.confidence(), marked);
    }
}
