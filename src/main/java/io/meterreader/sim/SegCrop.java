package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import java.util.ArrayList;
import java.util.List;

/**
 * A pointer gauge cut out of a rendered frame the way the live pipeline cuts out a detection:
 * the true box grown by 10% of its size on every side, then shifted and scaled by up to 5% to
 * mimic an imprecise detector, clipped to the frame. Its polygons are in crop pixels.
 *
 * @param x      crop's left edge in the frame (whole pixels)
 * @param needle the needle polygon in crop pixels (may be empty when hidden)
 * @param ticks  one polygon per visible tick, in crop pixels
 * @param center the pivot in crop pixels
 */
record SegCrop(int x, int y, int width, int height, double[] needle, List<double[]> ticks, double[] center) {

    static SegCrop of(SceneGauge gauge, int frameWidth, int frameHeight, Rng rng) {
        BoundingBox b = gauge.box();
        double cx = b.centerX() + rng.uniform(-0.05, 0.05) * b.width();
        double cy = b.centerY() + rng.uniform(-0.05, 0.05) * b.height();
        double grow = 1.2 + rng.uniform(-0.05, 0.05);
        double w = b.width() * grow;
        double h = b.height() * grow;
        int x1 = (int) Math.max(0, Math.floor(cx - w / 2));
        int y1 = (int) Math.max(0, Math.floor(cy - h / 2));
        int x2 = (int) Math.min(frameWidth, Math.ceil(cx + w / 2));
        int y2 = (int) Math.min(frameHeight, Math.ceil(cy + h / 2));
        int cw = x2 - x1;
        int ch = y2 - y1;
        GaugeGeometry g = gauge.geometry();
        double[] needle = Polygons.clip(shift(g.needle(), x1, y1), 0, 0, cw, ch);
        List<double[]> ticks = new ArrayList<>();
        for (double[] t : g.ticks()) {
            double[] c = Polygons.clip(shift(t, x1, y1), 0, 0, cw, ch);
            if (c.length >= 6 && Math.abs(Polygons.area(c)) > 0.05) {
                ticks.add(c);
            }
        }
        return new SegCrop(x1, y1, cw, ch, needle, ticks, new double[] {g.center()[0] - x1, g.center()[1] - y1});
    }

    private static double[] shift(double[] xy, double dx, double dy) {
        double[] out = new double[xy.length];
        for (int k = 0; k < xy.length; k += 2) {
            out[k] = xy[k] - dx;
            out[k + 1] = xy[k + 1] - dy;
        }
        return out;
    }

    /** The crop's pixels, copied out of the frame. */
    byte[] pixels(SceneFrame frame) {
        byte[] out = new byte[width * height * 3];
        for (int row = 0; row < height; row++) {
            System.arraycopy(frame.bgr(), ((y + row) * frame.width() + x) * 3, out, row * width * 3, width * 3);
        }
        return out;
    }
}
