package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.ImagePoint;
import java.util.List;

/**
 * One gauge as a snapshot draws it: its box in frame pixels, the meter it was assigned to
 * ({@code null} when uncalibrated), and what was read.
 *
 * @param text   the label to draw, e.g. "boiler-1 0.82 MPa" or "boiler-1 POINTER_NOT_FOUND"
 * @param needle the line read, in frame pixels (x1, y1, x2, y2): a pointer from its pivot to its
 *               tip, or a liquid surface across its glass; {@code null} when none was found
 * @param ticks  the scale's ticks the pointer was read against, first to last, in frame pixels,
 *               so a user sees which ticks the scale's ends were taken from; empty when none
 */
public record Annotation(GaugeType type, BoundingBox box, String meterId, ReadingStatus status, String text,
                         double[] needle, List<ImagePoint> ticks) {

    public Annotation {
        ticks = ticks == null ? List.of() : List.copyOf(ticks);
    }

    /** A gauge drawn without its scale's ticks. */
    public Annotation(GaugeType type, BoundingBox box, String meterId, ReadingStatus status, String text,
                      double[] needle) {
        this(type, box, meterId, status, text, needle, List.of());
    }
}
