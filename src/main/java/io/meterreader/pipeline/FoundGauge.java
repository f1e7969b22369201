package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.ImagePoint;
import java.util.List;

/**
 * A gauge found in an image and measured by the geometry, before any calibration.
 *
 * @param box                 the gauge in image pixels
 * @param detectionConfidence the detector's confidence in the gauge box
 * @param measurement         the geometry's fraction, or why there is none
 * @param needle              the line read, in image pixels (x1, y1, x2, y2): pointer pivot to tip,
 *                            or the liquid surface across the glass; null when none
 * @param ticks               the scale's ticks the pointer was read against, first to last, in
 *                            image pixels; empty for a level gauge or when no scale was found
 */
public record FoundGauge(GaugeType type, BoundingBox box, double detectionConfidence, GaugeMeasurement measurement,
                         double[] needle, List<ImagePoint> ticks) {

    public FoundGauge {
        ticks = ticks == null ? List.of() : List.copyOf(ticks);
    }

    /** A gauge drawn without its scale's ticks. */
    public FoundGauge(GaugeType type, BoundingBox box, double detectionConfidence, GaugeMeasurement measurement,
                      double[] needle) {
        this(type, box, detectionConfidence, measurement, needle, List.of());
    }

    public ReadingStatus status() {
        return measurement.status();
    }

    public Double fraction() {
        return measurement.fraction();
    }

    public double confidence() {
        return measurement.confidence();
    }
}
