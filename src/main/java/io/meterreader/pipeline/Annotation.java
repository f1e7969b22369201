package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;

/**
 * One gauge as a snapshot draws it: its box in frame pixels, the meter it was assigned to
 * ({@code null} when uncalibrated), and what was read.
 *
 * @param text   the label to draw, e.g. "boiler-1 0.82 MPa" or "boiler-1 POINTER_NOT_FOUND"
 * @param needle the line read, in frame pixels (x1, y1, x2, y2): a pointer from its pivot to its
 *               tip, or a liquid surface across its glass; {@code null} when none was found
 */
public record Annotation(GaugeType type, BoundingBox box, String meterId, ReadingStatus status, String text,
                         double[] needle) {
}
