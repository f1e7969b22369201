package io.meterreader.sim;

import java.awt.geom.Point2D;

/**
 * A 3x3 projective map of the plane, row-major. Gauges are drawn flat on their own canvas and
 * placed in a scene by one of these; the same matrix moves their pixels (through OpenCV) and
 * their ground-truth points (here), which is what keeps the labels exact after every warp.
 */
final class Homography {

    private final double[] m;

    Homography(double[] m) {
        if (m.length != 9) {
            throw new IllegalArgumentException("a homography has 9 entries");
        }
        this.m = m.clone();
    }

    static Homography identity() {
        return new Homography(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    static Homography translation(double dx, double dy) {
        return new Homography(new double[] {1, 0, dx, 0, 1, dy, 0, 0, 1});
    }

    static Homography scale(double sx, double sy) {
        return new Homography(new double[] {sx, 0, 0, 0, sy, 0, 0, 0, 1});
    }

    /**
     * Views a flat canvas as a pinhole camera would after tilting it in 3D.
     *
     * @param canvasCx   the canvas point that lands on (centerX, centerY)
     * @param canvasCy   as above
     * @param scale      output pixels per canvas pixel, at the centre
     * @param yawDeg     turn about the canvas's vertical axis
     * @param pitchDeg   turn about its horizontal axis
     * @param rollDeg    rotation in the image plane, clockwise on screen
     * @param distance   camera distance in canvas pixels; smaller means stronger perspective
     */
    static Homography pose(double canvasCx, double canvasCy, double scale, double yawDeg, double pitchDeg,
                           double rollDeg, double distance, double centerX, double centerY) {
        return pose(canvasCx, canvasCy, scale, yawDeg, pitchDeg, rollDeg, distance, centerX, centerY, 0);
    }

    /**
     * As {@link #pose(double, double, double, double, double, double, double, double, double)},
     * for a parallel plane {@code depth} canvas pixels behind the canvas (a gauge case's back).
     */
    static Homography pose(double canvasCx, double canvasCy, double scale, double yawDeg, double pitchDeg,
                           double rollDeg, double distance, double centerX, double centerY, double depth) {
        double y = Math.toRadians(yawDeg);
        double p = Math.toRadians(pitchDeg);
        double r = Math.toRadians(rollDeg);
        double[] ry = {Math.cos(y), 0, Math.sin(y), 0, 1, 0, -Math.sin(y), 0, Math.cos(y)};
        double[] rx = {1, 0, 0, 0, Math.cos(p), -Math.sin(p), 0, Math.sin(p), Math.cos(p)};
        double[] rz = {Math.cos(r), -Math.sin(r), 0, Math.sin(r), Math.cos(r), 0, 0, 0, 1};
        double[] rot = multiply(rz, multiply(rx, ry));
        // Columns r1, r2 of the rotation and t = (0, 0, distance) + depth r3: [r1 r2 t] maps (u, v, 1) to 3D.
        double[] plane = {rot[0], rot[1], rot[2] * depth, rot[3], rot[4], rot[5] * depth, rot[6], rot[7],
            distance + rot[8] * depth};
        double f = scale * distance;
        double[] camera = {f, 0, centerX, 0, f, centerY, 0, 0, 1};
        double[] shift = {1, 0, -canvasCx, 0, 1, -canvasCy, 0, 0, 1};
        return new Homography(multiply(camera, multiply(plane, shift)));
    }

    /** This map applied after {@code first}. */
    Homography after(Homography first) {
        return new Homography(multiply(m, first.m));
    }

    Homography inverse() {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double co0 = e * i - f * h, co1 = -(d * i - f * g), co2 = d * h - e * g;
        double det = a * co0 + b * co1 + c * co2;
        if (Math.abs(det) < 1e-12) {
            throw new IllegalStateException("homography is singular");
        }
        return new Homography(new double[] {
            co0 / det, -(b * i - c * h) / det, (b * f - c * e) / det,
            co1 / det, (a * i - c * g) / det, -(a * f - c * d) / det,
            co2 / det, -(a * h - b * g) / det, (a * e - b * d) / det});
    }

    Point2D.Double apply(double x, double y) {
        double w = m[6] * x + m[7] * y + m[8];
        return new Point2D.Double((m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w);
    }

    Point2D.Double apply(Point2D p) {
        return apply(p.getX(), p.getY());
    }

    double[] apply(double[] xy) {
        double[] out = new double[xy.length];
        for (int k = 0; k < xy.length; k += 2) {
            double w = m[6] * xy[k] + m[7] * xy[k + 1] + m[8];
            out[k] = (m[0] * xy[k] + m[1] * xy[k + 1] + m[2]) / w;
            out[k + 1] = (m[3] * xy[k] + m[4] * xy[k + 1] + m[5]) / w;
        }
        return out;
    }

    double[] toArray() {
        return m.clone();
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] out = new double[9];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                out[row * 3 + col] = a[row * 3] * b[col] + a[row * 3 + 1] * b[3 + col] + a[row * 3 + 2] * b[6 + col];
            }
        }
        return out;
    }
}
