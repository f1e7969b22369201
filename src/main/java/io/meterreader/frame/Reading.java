package io.meterreader.frame;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One reading of one meter. A reading with status {@link ReadingStatus#OK} has a value and a
 * fraction; any other reading has neither (never a sentinel number), and its status says why.
 *
 * @param meterId     the calibrated meter, or an id made up for an uncalibrated gauge
 * @param cameraId    the camera whose frame was read
 * @param status      OK, or why there is no value
 * @param value       the value in {@code unit}, {@code null} unless status is OK
 * @param unit        the meter's unit; {@code null} for an uncalibrated gauge
 * @param fraction    position on the scale, 0 at the first tick (or bottom) to 1 at the last
 *                    (or top); {@code null} unless status is OK
 * @param confidence  how sure the reader is, 0..1
 * @param alarm       the value against the meter's alarm limits
 * @param captureTime when the camera captured the frame, to the microsecond (as the history keeps it)
 * @param readTime    when the reading was made, to the microsecond
 */
public record Reading(
        String meterId,
        String cameraId,
        ReadingStatus status,
        Double value,
        String unit,
        Double fraction,
        double confidence,
        AlarmState alarm,
        Instant captureTime,
        Instant readTime) {

    public Reading {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(captureTime, "captureTime");
        Objects.requireNonNull(readTime, "readTime");
        if (status.hasValue()) {
            if (value == null || fraction == null || !Double.isFinite(value) || !Double.isFinite(fraction)) {
                throw new IllegalArgumentException("an OK reading needs a finite value and fraction");
            }
        } else if (value != null || fraction != null) {
            throw new IllegalArgumentException("a " + status + " reading carries no value");
        } else if (alarm != AlarmState.NONE) {
            throw new IllegalArgumentException("a reading without a value raises no alarm");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        // as the history keeps them: the live API, the history, the changes and the journal agree
        captureTime = StoredTimes.micros(captureTime);
        readTime = StoredTimes.micros(readTime);
    }

    public static Reading ok(String meterId, String cameraId, double value, String unit, double fraction,
                             double confidence, AlarmState alarm, Instant captureTime, Instant readTime) {
        return new Reading(meterId, cameraId, ReadingStatus.OK, value, unit, fraction, confidence, alarm,
                captureTime, readTime);
    }

    public static Reading failed(String meterId, String cameraId, ReadingStatus status, String unit,
                                 double confidence, Instant captureTime, Instant readTime) {
        if (status.hasValue()) {
            throw new IllegalArgumentException("a failed reading needs a failure status, got " + status);
        }
        return new Reading(meterId, cameraId, status, null, unit, null, confidence, AlarmState.NONE,
                captureTime, readTime);
    }

    public OptionalDouble optionalValue() {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    public boolean isOk() {
        return status.hasValue();
    }
}
