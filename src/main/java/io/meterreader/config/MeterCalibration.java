package io.meterreader.config;

import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One meter, as its calibration file describes it (plain Java: the gauge package maps
 * fractions to values through it without Spring).
 *
 * @param id            unique meter id
 * @param camera        the camera that sees it
 * @param type          pointer or level
 * @param region        where the gauge sits in the camera's frame, in pixels
 * @param range         the scale's first and last value and its unit
 * @param scale         optional non-linear scale: (fraction, value) points, strictly increasing
 *                      in both, from fraction 0 to 1; empty for a linear scale
 * @param alarms        optional low and high limits inside the range
 * @param smoothing     median over this many readings (1 = no smoothing)
 * @param maxRate       optional largest plausible change, in units per second
 * @param minConfidence readings less sure than this are LOW_CONFIDENCE
 * @param levelMarks    optional, level meters only: the image rows of the sight glass's empty
 *                      and full marks, which then stand for fraction 0 and 1 in place of the
 *                      detected glass's ends
 * @param source        the file it came from, for messages
 * @param counterclockwise pointer meters only: the scale's values grow counter-clockwise (a
 *                      vacuum gauge, a dial with its zero on the right), so its range's min is
 *                      at the scale's clockwise end
 * @param scaleMarks    optional, pointer meters only: where the pointer's pivot and the scale's
 *                      min and max ticks lie in the frame; the meter is then read from its
 *                      pointer alone, against them, not against the ticks the segmenter finds
 * @param stuck         optional: how long a value may stay within how narrow a band before the
 *                      meter is said to be stuck (a seized movement, a pointer caught on its
 *                      stop pin or a bent needle reads one value for ever); null: never
 */
public record MeterCalibration(
        String id,
        String camera,
        GaugeType type,
        Region region,
        Range range,
        List<ScalePoint> scale,
        Alarms alarms,
        int smoothing,
        Double maxRate,
        double minConfidence,
        LevelMarks levelMarks,
        String source,
        boolean counterclockwise,
        ScaleMarks scaleMarks,
        Stuck stuck) {

    public MeterCalibration {
        scale = scale == null ? List.of() : List.copyOf(scale);
        alarms = alarms == null ? Alarms.NONE : alarms;
    }

    /** A meter whose scale's values grow clockwise, as most do. */
    public MeterCalibration(String id, String camera, GaugeType type, Region region, Range range,
                            List<ScalePoint> scale, Alarms alarms, int smoothing, Double maxRate,
                            double minConfidence, LevelMarks levelMarks, String source) {
        this(id, camera, type, region, range, scale, alarms, smoothing, maxRate, minConfidence, levelMarks, source,
                false, null, null);
    }

    /** A meter never said to be stuck. */
    public MeterCalibration(String id, String camera, GaugeType type, Region region, Range range,
                            List<ScalePoint> scale, Alarms alarms, int smoothing, Double maxRate,
                            double minConfidence, LevelMarks levelMarks, String source, boolean counterclockwise,
                            ScaleMarks scaleMarks) {
        this(id, camera, type, region, range, scale, alarms, smoothing, maxRate, minConfidence, levelMarks, source,
                counterclockwise, scaleMarks, null);
    }

    /**
     * A meter is stuck when its OK values have stayed within a band {@code band} wide (units) for
     * {@code after} or longer.
     */
    public record Stuck(Duration after, double band) {
        /** The band where a calibration gives none: half a percent of the scale's span, about the reader's noise. */
        public static final double DEFAULT_BAND_SHARE = 0.005;
    }

    /** A rectangle in frame pixels. */
    public record Region(int x, int y, int width, int height) {
        public BoundingBox toBox() {
            return new BoundingBox(x, y, width, height);
        }
    }

    /** Readings less sure than this are LOW_CONFIDENCE, unless a calibration says otherwise. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    /** The scale's value at its first tick (or bottom) and last tick (or top). */
    public record Range(double min, double max, String unit) {
        public double span() {
            return max - min;
        }
    }

    /**
     * Where a sight glass reads empty and full, as image rows (pixels from the frame's top): the
     * liquid surface at row {@code empty} is fraction 0, at row {@code full} fraction 1. A tank's
     * 0% and 100% are often marked on the glass, not at its ends; and rows read once off a
     * snapshot of a fixed camera are steadier than the detector's glass box.
     */
    public record LevelMarks(double empty, double full) {
        /** The fraction of a surface at image row {@code y}. */
        public double fraction(double y) {
            return (empty - y) / (empty - full);
        }

        /** As a calibration file writes them: {@code level-marks: {empty: 556.6, full: 163.4}}, to a tenth. */
        public String yaml() {
            return "level-marks: {empty: " + pixels(empty) + ", full: " + pixels(full) + "}";
        }
    }

    /** A point in frame pixels. */
    public record Point(double x, double y) {
        /** As a calibration file writes it: {@code {x: 341, y: 329.5}}, to a tenth. */
        public String yaml() {
            return "{x: " + pixels(x) + ", y: " + pixels(y) + "}";
        }
    }

    /** A pixel coordinate to a tenth, without trailing zeros. */
    private static String pixels(double v) {
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * Where a pointer meter's scale lies in the frame, read off a snapshot of a fixed camera: the
     * pointer's pivot, and the centres of the ticks of the scale's min and max (range.min and
     * range.max), in frame pixels. From min to max the scale runs clockwise, or counter-clockwise
     * for a meter whose direction says so.
     */
    public record ScaleMarks(Point pivot, Point min, Point max) {
        /** As a calibration file writes them: {@code scale-marks: {pivot: {x: .., y: ..}, min: .., max: ..}}. */
        public String yaml() {
            return "scale-marks: {pivot: " + pivot.yaml() + ", min: " + min.yaml() + ", max: " + max.yaml() + "}";
        }
    }

    /** One point of a non-linear scale table. */
    public record ScalePoint(double fraction, double value) {
    }

    /**
     * Alarm limits, either may be null.
     *
     * @param deadband how far back inside a limit a value must come before an alarm at it ends
     *                 (units; 0: at the limit itself), so a value hovering at the limit does not
     *                 raise and clear the alarm reading after reading
     * @param onDelay  how long (capture time) the value must stay beyond a limit before the alarm
     *                 is raised (ISA-18.2's on-delay; zero: at once), so that a brief excursion,
     *                 or a misread frame the smoothing lets through, raises nothing
     * @param offDelay how long it must stay back within its limits before the alarm clears
     *                 (off-delay; zero: at once)
     * @param priority how urgently its alarm calls for an operator (HIGH where none is given)
     */
    public record Alarms(Double low, Double high, double deadband, Duration onDelay, Duration offDelay,
                         AlarmPriority priority) {
        public static final Alarms NONE = new Alarms(null, null);

        public Alarms {
            priority = priority == null ? AlarmPriority.HIGH : priority;
            if (!(deadband >= 0)) {
                throw new IllegalArgumentException("an alarm deadband must be 0 or more, got " + deadband);
            }
            onDelay = onDelay == null ? Duration.ZERO : onDelay;
            offDelay = offDelay == null ? Duration.ZERO : offDelay;
            if (onDelay.isNegative() || offDelay.isNegative()) {
                throw new IllegalArgumentException("alarm delays must be 0 or more, got " + onDelay + " and " + offDelay);
            }
        }

        public Alarms(Double low, Double high, double deadband, Duration onDelay, Duration offDelay) {
            this(low, high, deadband, onDelay, offDelay, AlarmPriority.HIGH);
        }

        public Alarms(Double low, Double high, double deadband) {
            this(low, high, deadband, Duration.ZERO, Duration.ZERO);
        }

        public Alarms(Double low, Double high) {
            this(low, high, 0);
        }

        /** The value's alarm state on its own. */
        public AlarmState classify(double value) {
            if (low != null && value < low) {
                return AlarmState.LOW;
            }
            if (high != null && value > high) {
                return AlarmState.HIGH;
            }
            return AlarmState.NONE;
        }

        /** The value's alarm state after {@code previous}: an alarm holds until the value is the deadband back inside. */
        public AlarmState classify(double value, AlarmState previous) {
            if (previous == AlarmState.HIGH && high != null && value > high - deadband) {
                return AlarmState.HIGH;
            }
            if (previous == AlarmState.LOW && low != null && value < low + deadband) {
                return AlarmState.LOW;
            }
            return classify(value);
        }
    }

    /**
     * The value at a scale fraction: linear over the range, or piecewise linear through the scale
     * table. Fractions outside [0, 1] extrapolate from the nearest segment.
     */
    public double valueAt(double fraction) {
        return valueAt(range, scale, fraction);
    }

    /** {@link #valueAt(double)} for a range and table that need no whole calibration. */
    public static double valueAt(Range range, List<ScalePoint> table, double fraction) {
        if (table.isEmpty()) {
            return range.min() + fraction * range.span();
        }
        int i = 1;
        while (i < table.size() - 1 && fraction > table.get(i).fraction()) {
            i++;
        }
        ScalePoint a = table.get(i - 1);
        ScalePoint b = table.get(i);
        double t = (fraction - a.fraction()) / (b.fraction() - a.fraction());
        return a.value() + t * (b.value() - a.value());
    }

    public Optional<Double> maxRateOptional() {
        return Optional.ofNullable(maxRate);
    }
}
