package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built segmentations for unit tests: face-on dials, needles and ticks drawn as exact
 * polygons (a pixel is on when its centre is inside). Angles are in degrees, clockwise from the
 * x axis (y points down, as in images).
 */
final class Drawing {

    private Drawing() {
    }

    /** A face-on dial: ticks every span/intervals degrees from start, pointer at the fraction. */
    static List<Detection> dial(int size, double startDegrees, double spanDegrees, int intervals, double fraction) {
        List<Detection> out = new ArrayList<>(ticks(size, startDegrees, spanDegrees, intervals));
        out.add(needle(size, size / 2.0, size / 2.0, startDegrees + fraction * spanDegrees, 0.35 * size, 3, 0));
        return out;
    }

    /** The ticks of a face-on dial (every fifth one long), each its own detection. */
    static List<Detection> ticks(int size, double startDegrees, double spanDegrees, int intervals) {
        List<Detection> out = new ArrayList<>();
        double c = size / 2.0;
        for (int k = 0; k <= intervals; k++) {
            double a = startDegrees + spanDegrees * k / intervals;
            double r1 = 0.42 * size;
            double r0 = r1 - (k % 5 == 0 ? 0.08 : 0.05) * size;
            out.add(tick(size, c, c, a, r0, r1, 2.2));
        }
        return out;
    }

    static Detection tick(int size, double cx, double cy, double degrees, double r0, double r1, double width) {
        return detection(PointerReader.SCALE_CLASS, "scale", 0.9, size, size, ray(cx, cy, degrees, r0, r1, width, width));
    }

    /** A needle of the given length and width from the pivot, with a tail of {@code tail} pixels behind it. */
    static Detection needle(int size, double cx, double cy, double degrees, double length, double width, double tail) {
        Mask mask = Mask.empty(size, size);
        fill(mask, ray(cx, cy, degrees, 0, length, width, width));
        if (tail > 0) {
            fill(mask, ray(cx, cy, degrees + 180, 0, tail, width * 1.5, width * 1.5));
        }
        return detection(PointerReader.POINTER_CLASS, "pointer", 0.9, mask);
    }

    static Detection detection(int classId, String label, double confidence, int width, int height, double[][] polygon) {
        Mask mask = Mask.empty(width, height);
        fill(mask, polygon);
        return detection(classId, label, confidence, mask);
    }

    static Detection detection(int classId, String label, double confidence, Mask mask) {
        BoundingBox box = SyntheticDial.tightBox(mask);
        if (box == null) {
            throw new IllegalArgumentException("nothing drawn");
        }
        return new Detection(classId, label, confidence, box, mask);
    }

    /** A quadrilateral along the ray at {@code degrees} from (cx, cy), radii r0 to r1, widths w0 and w1. */
    static double[][] ray(double cx, double cy, double degrees, double r0, double r1, double w0, double w1) {
        double a = Math.toRadians(degrees);
        double ux = Math.cos(a);
        double uy = Math.sin(a);
        return new double[][] {
            {cx + r0 * ux + w0 / 2 * uy, cy + r0 * uy - w0 / 2 * ux},
            {cx + r1 * ux + w1 / 2 * uy, cy + r1 * uy - w1 / 2 * ux},
            {cx + r1 * ux - w1 / 2 * uy, cy + r1 * uy + w1 / 2 * ux},
            {cx + r0 * ux - w0 / 2 * uy, cy + r0 * uy + w0 / 2 * ux}};
    }

    /** Fills a convex polygon where pixel centres fall inside it. */
    static void fill(Mask mask, double[][] polygon) {
        int n = polygon.length;
        double area = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            area += polygon[i][0] * polygon[j][1] - polygon[j][0] * polygon[i][1];
        }
        double sign = Math.signum(area);
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                boolean inside = true;
                for (int i = 0; i < n && inside; i++) {
                    int j = (i + 1) % n;
                    double cross = (polygon[j][0] - polygon[i][0]) * (y + 0.5 - polygon[i][1])
                            - (polygon[j][1] - polygon[i][1]) * (x + 0.5 - polygon[i][0]);
                    inside = cross * sign >= 0;
                }
                if (inside) {
                    mask.set(x, y, true);
                }
            }
        }
    }
}
