package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.Ellipse;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.PointerDiagnostics;
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
 * @param pointers            a dial's pointer instances, one view per crop it was segmented in,
 *                            for a meter read against its scale marks; empty for a level gauge
 */
public record FoundGauge(GaugeType type, BoundingBox box, double detectionConfidence, GaugeMeasurement measurement,
                         double[] needle, List<ImagePoint> ticks, List<MarkedPointerReader.View> pointers) {

    /** Reads the segmenter's pointer instances; stateless, so one serves every caller. */
    private static final MarkedPointerReader MARKED = new MarkedPointerReader(ModelFrameReader.POINTER);

    public FoundGauge {
        ticks = ticks == null ? List.of() : List.copyOf(ticks);
        pointers = pointers == null ? List.of() : List.copyOf(pointers);
    }

    /** A gauge with no pointer instances kept. */
    public FoundGauge(GaugeType type, BoundingBox box, double detectionConfidence, GaugeMeasurement measurement,
                      double[] needle, List<ImagePoint> ticks) {
        this(type, box, detectionConfidence, measurement, needle, ticks, List.of());
    }

    /** A gauge drawn without its scale's ticks. */
    public FoundGauge(GaugeType type, BoundingBox box, double detectionConfidence, GaugeMeasurement measurement,
                      double[] needle) {
        this(type, box, detectionConfidence, measurement, needle, List.of());
    }

    /**
     * This dial read from its pointers alone against a meter's scale marks (image pixels): the
     * measurement, the needle drawn and the ticks (the two marks) are the marked reader's.
     */
    public FoundGauge readAgainst(MarkedPointerReader.Marks marks) {
        return readAgainst(marks, null);
    }

    /**
     * As {@link #readAgainst(MarkedPointerReader.Marks)}; where the tick reader fitted no ring in
     * this image, the dial is unwarped with {@code knownRing} (image pixels; null: none).
     */
    public FoundGauge readAgainst(MarkedPointerReader.Marks marks, Ellipse knownRing) {
        if (type != GaugeType.POINTER) {
            return this;
        }
        Ellipse ring = ringInImage();
        GaugeMeasurement m = MARKED.read(pointers, marks, ring == null ? knownRing : ring);
        double[] line = null;
        if (m.diagnostics() instanceof PointerDiagnostics p && p.pointerTip() != null) {
            line = new double[] {p.center().x(), p.center().y(), p.pointerTip().x(), p.pointerTip().y()};
        }
        return new FoundGauge(type, box, detectionConfidence, m, line, List.of(marks.first(), marks.last()),
                pointers);
    }

    /**
     * The ellipse the tick reader fitted through the ticks, moved from its crop's pixels into the
     * image's (by where its first tick lies in each), or null when it fitted none.
     */
    public Ellipse ringInImage() {
        if (!(measurement.diagnostics() instanceof PointerDiagnostics p) || p.ring() == null || p.ticks().isEmpty()
                || ticks.isEmpty()) {
            return null;
        }
        double dx = ticks.get(0).x() - p.ticks().get(0).x();
        double dy = ticks.get(0).y() - p.ticks().get(0).y();
        Ellipse r = p.ring();
        return new Ellipse(r.centerX() + dx, r.centerY() + dy, r.semiMajor(), r.semiMinor(), r.angleDegrees());
    }

    /**
     * Where the tick reader found the dial's pivot and its scale's first and last ticks
     * (clockwise), in image pixels, as scale marks; null when it found no pointer on a scale.
     * They are where the segmenter drew the ticks, which is not moved by its mask shift
     * ({@link MarkedPointerReader#maskShift}): a tick's mask is cut by its box, which is not
     * shifted, and on the wild videos marks learnt this way read closer to the truth than moved
     * back by the shift (README, Accuracy).
     */
    public MarkedPointerReader.Marks marksFound() {
        if (!(measurement.diagnostics() instanceof PointerDiagnostics p) || p.center() == null
                || p.firstTick() == null || p.lastTick() == null || p.ticks().isEmpty() || ticks.isEmpty()) {
            return null;
        }
        double dx = ticks.get(0).x() - p.ticks().get(0).x();
        double dy = ticks.get(0).y() - p.ticks().get(0).y();
        try {
            return new MarkedPointerReader.Marks(p.center().translate(dx, dy), p.firstTick().translate(dx, dy),
                    p.lastTick().translate(dx, dy));
        } catch (IllegalArgumentException e) {
            return null;   // an end tick on the pivot: no scale to learn
        }
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
