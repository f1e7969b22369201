package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;

/**
 * A gauge found in an image and read by the geometry, before any calibration: where it is,
 * how sure the detector was, and its scale fraction (or why there is none).
 *
 * @param box                 the gauge in image pixels
 * @param detectionConfidence the detector's confidence in the gauge box
 * @param status              OK or why the geometry could not read it
 * @param fraction            position on the scale, 0..1 (slightly beyond when the pointer is
 *                            past a stop); {@code null} unless status is OK
 * @param confidence          the geometry's confidence in the fraction, 0..1
 * @param needle              pointer centre and tip in image pixels (x1, y1, x2, y2), or null
 */
public record FoundGauge(GaugeType type, BoundingBox box, double detectionConfidence, ReadingStatus status,
                         Double fraction, double confidence, double[] needle) {

    public FoundGauge {
        if (status.hasValue() != (fraction != null)) {
            throw new IllegalArgumentException("a fraction comes with status OK and only with it");
        }
    }
}
