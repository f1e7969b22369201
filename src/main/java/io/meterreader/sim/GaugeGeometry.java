package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import java.util.ArrayList;
import java.util.List;

/**
 * The ground truth of one gauge as exact geometry: polygons as flat {@code x0, y0, x1, y1, ...}
 * arrays, first in its canvas's pixels, then (through {@link #warped}) in the scene's. Everything
 * a label needs is derived from these points, never from pixels.
 *
 * @param type        pointer or level
 * @param fraction    the value as a fraction of the scale, 0 to 1
 * @param outline     points around what the detection box covers (the dial with its bezel, or
 *                    the sight glass)
 * @param needle      pointer: the needle outline minus the centre cap; empty for level gauges
 * @param ticks       pointer: one quadrilateral per tick mark, in scale order; empty for level
 * @param center      pointer: the pivot (2 numbers); level: the glass centre
 * @param surface     level: the liquid surface's two ends at the glass walls; empty for pointer
 * @param arcStartDeg pointer: the first tick's angle, degrees clockwise from 12 o'clock, as drawn
 * @param arcSpanDeg  pointer: the scale's angular span, clockwise from the first tick
 */
record GaugeGeometry(GaugeType type, double fraction, double[] outline, double[] needle, List<double[]> ticks,
                     double[] center, double[] surface, double arcStartDeg, double arcSpanDeg) {

    GaugeGeometry {
        ticks = List.copyOf(ticks);
    }

    GaugeGeometry warped(Homography h) {
        List<double[]> movedTicks = new ArrayList<>(ticks.size());
        for (double[] tick : ticks) {
            movedTicks.add(h.apply(tick));
        }
        return new GaugeGeometry(type, fraction, h.apply(outline), h.apply(needle), movedTicks, h.apply(center),
                h.apply(surface), arcStartDeg, arcSpanDeg);
    }

    /**
     * Pointer gauges: the scale marks an engineer would read off a snapshot, as {@code pivotX,
     * pivotY, firstX, firstY, lastX, lastY}: the pivot and the centres of the first and last ticks.
     */
    double[] scaleMarks() {
        if (ticks.isEmpty() || center.length < 2) {
            throw new IllegalStateException("a " + type + " gauge has no scale marks");
        }
        double[] first = centroid(ticks.get(0));
        double[] last = centroid(ticks.get(ticks.size() - 1));
        return new double[] {center[0], center[1], first[0], first[1], last[0], last[1]};
    }

    private static double[] centroid(double[] xy) {
        double x = 0;
        double y = 0;
        for (int k = 0; k < xy.length; k += 2) {
            x += xy[k];
            y += xy[k + 1];
        }
        int n = xy.length / 2;
        return new double[] {x / n, y / n};
    }

    /** The detection box: around the dial for a pointer gauge, the sight glass for a level gauge. */
    BoundingBox box() {
        return bounds(outline);
    }

    /**
     * Level gauges: the liquid surface's box, as wide as the glass, centred on the surface, as
     * tall as the glass is wide or 12% of the glass height, whichever is more. (A band a few
     * pixels tall, as this was at first, is below what a stride-8 detector localises: the
     * first trained detector found none of them.)
     */
    BoundingBox levelBox() {
        if (surface.length < 4) {
            throw new IllegalStateException("a " + type + " gauge has no liquid surface");
        }
        BoundingBox glass = box();
        BoundingBox line = bounds(surface);
        double height = Math.max(glass.width(), 0.12 * glass.height());
        double centerY = (surface[1] + surface[3]) / 2;
        return new BoundingBox(line.x(), centerY - height / 2, line.width(), height);
    }

    static BoundingBox bounds(double[] xy) {
        double x1 = Double.POSITIVE_INFINITY, y1 = Double.POSITIVE_INFINITY;
        double x2 = Double.NEGATIVE_INFINITY, y2 = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < xy.length; k += 2) {
            x1 = Math.min(x1, xy[k]);
            x2 = Math.max(x2, xy[k]);
            y1 = Math.min(y1, xy[k + 1]);
            y2 = Math.max(y2, xy[k + 1]);
        }
        return BoundingBox.ofCorners(x1, y1, x2, y2);
    }
}
