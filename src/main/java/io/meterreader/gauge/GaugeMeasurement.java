package io.meterreader.gauge;

import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the geometry made of one gauge in one image, before any calibration: a position on the
 * scale, or the reason there is none. Calibration, smoothing and plausibility turn it into a
 * {@link io.meterreader.frame.Reading} ({@link ScaleMapping}, {@link MeterReadingFilter}).
 *
 * @param type        pointer or level gauge
 * @param status      OK, or why there is no fraction: POINTER_NOT_FOUND, SCALE_NOT_FOUND,
 *                    OUT_OF_RANGE (readers), NOT_DETECTED or CAMERA_DOWN (made by the pipeline)
 * @param fraction    the position on the scale in [0, 1] (0 at the first tick or the bottom of the
 *                    glass, 1 at the last tick or the top); {@code null} unless OK
 * @param confidence  how sure the reader is, 0..1
 * @param diagnostics what the reader found, for drawing; {@code null} when it found nothing worth showing
 */
public record GaugeMeasurement(
        GaugeType type,
        ReadingStatus status,
        Double fraction,
        double confidence,
        GaugeDiagnostics diagnostics) {

    public GaugeMeasurement {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        if (status.hasValue()) {
            if (fraction == null || !(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("an OK measurement needs a fraction in [0, 1], got " + fraction);
            }
        } else if (fraction != null) {
            throw new IllegalArgumentException("a " + status + " measurement carries no fraction");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
    }

    public static GaugeMeasurement ok(GaugeType type, double fraction, double confidence,
                                      GaugeDiagnostics diagnostics) {
        return new GaugeMeasurement(type, ReadingStatus.OK, fraction, confidence, diagnostics);
    }

    public static GaugeMeasurement failed(GaugeType type, ReadingStatus status, double confidence,
                                          GaugeDiagnostics diagnostics) {
        if (status.hasValue()) {
            throw new IllegalArgumentException("a failed measurement needs a failure status, got " + status);
        }
        return new GaugeMeasurement(type, status, null, confidence, diagnostics);
    }

    /** A gauge that was not there to measure (NOT_DETECTED, CAMERA_DOWN): no confidence, nothing found. */
    public static GaugeMeasurement failed(GaugeType type, ReadingStatus status) {
        return failed(type, status, 0, null);
    }

    public boolean isOk() {
        return status.hasValue();
    }

    public OptionalDouble optionalFraction() {
        return fraction == null ? OptionalDouble.empty() : OptionalDouble.of(fraction);
    }
}
